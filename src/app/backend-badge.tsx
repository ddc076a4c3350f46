import type { BackendInfo } from '../engine/protocol';
import { useLab } from '../state/store';

/** The badge's tooltip: the fallback note, then why WASM runs on fewer threads than cores. */
export function backendTooltip(b: BackendInfo): string {
  const lines = [b.note ?? b.adapter];
  if (b.name === 'wasm' && b.isolated === false) {
    lines.push(
      'This page is not cross-origin isolated (no COOP/COEP headers), so WebAssembly cannot share memory between threads: training uses 1 CPU thread' +
        (b.cores && b.cores > 1 ? ` of ${b.cores}.` : '.'),
    );
  } else if (b.threads !== undefined && b.name !== 'webgpu' && b.name !== 'webgl') {
    const leftToPage = b.cores !== undefined && b.cores > 1 && b.threads === b.cores - 1 ? ': one core is left to the page, which draws the panels' : '';
    lines.push(`${b.threads} CPU thread${b.threads === 1 ? '' : 's'}${b.cores ? ` of ${b.cores} logical cores` : ''}${leftToPage}.`);
  }
  return lines.join('\n');
}

/** Names the compute backend in use, its adapter and (on CPU backends) its thread count. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  if (!backend) return <span className="badge">starting…</span>;
  return (
    <span
      className="badge"
      data-testid="backend-badge"
      data-backend={backend.name}
      data-threads={backend.threads}
      data-isolated={backend.isolated === undefined ? undefined : String(backend.isolated)}
      title={backendTooltip(backend)}
    >
      {backend.name.toUpperCase()} <span className="adapter">{backend.adapter}</span>
    </span>
  );
}
