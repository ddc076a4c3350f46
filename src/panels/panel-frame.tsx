import { useId, useRef, type ReactNode } from 'react';
import { useEngine } from '../client/engine-context';
import { useSightOf } from '../state/offscreen';
import { notify, useLab } from '../state/store';
import { hiddenList, withHidden } from './hidden-panels';
import { download, panelToPng } from './export-png';

interface Props {
  title: string;
  /** Stable id: used for the PNG name, highlights and the f shortcut. */
  name: string;
  wide?: boolean;
  children: ReactNode;
}

/** A live panel with a title, a full-screen button (for the projector), PNG export and a hide button (lab only). */
export function PanelFrame({ title, name, wide, children }: Props) {
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  const engine = useEngine();
  // A walkthrough shows the panels its step embeds; hiding is the lab's choice.
  const inLab = useLab((s) => s.route.startsWith('/lab'));
  const hiddenPanels = useLab((s) => s.settings.hiddenPanels);
  const hidden = inLab && hiddenList(hiddenPanels).includes(name);
  // Off screen, the panel's store reads hold still: no re-render or worker query per snapshot for what nobody sees.
  useSightOf(ref, !hidden);
  const fullScreen = () => void (document.fullscreenElement ? document.exitFullscreen() : ref.current?.requestFullscreen())?.catch(() => undefined);
  const exportPng = async () => {
    try {
      download(await panelToPng(ref.current!), `${name}.png`);
    } catch (e) {
      notify('error', `Could not export the panel: ${(e as Error).message}`);
    }
  };
  if (hidden) return null;
  const hide = () => void engine.set({ hiddenPanels: withHidden(hiddenPanels, name) }).catch(() => undefined);
  return (
    <section ref={ref} className={`panel${wide ? ' wide' : ''}`} aria-labelledby={titleId} data-panel={name} tabIndex={-1}>
      <div className="panel-head">
        <h2 id={titleId}>{title}</h2>
        <span className="panel-actions">
          <button type="button" className="icon" onClick={() => void exportPng()} aria-label={`Save ${title} as PNG`} title="Save as PNG">
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 2v8m-3.5-3.5L8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </button>
          <button type="button" className="icon" onClick={fullScreen} aria-label={`Show ${title} full screen`} title="Full screen (f)">
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </button>
          {inLab && (
            <button type="button" className="icon" onClick={hide} aria-label={`Hide ${title}`} title="Hide (View → Hidden panels brings it back)" data-testid={`hide-${name}`}>
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="1.6" />
              </svg>
            </button>
          )}
        </span>
      </div>
      {children}
    </section>
  );
}
