import { useLab } from '../state/store';

/** Names the compute backend in use and its adapter. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  if (!backend) return <span className="badge">starting…</span>;
  return (
    <span className="badge" data-testid="backend-badge" data-backend={backend.name} title={backend.note ?? backend.adapter}>
      {backend.name.toUpperCase()} <span className="adapter">{backend.adapter}</span>
    </span>
  );
}
