import { useId, useRef, type ReactNode } from 'react';
import { notify } from '../state/store';
import { download, panelToPng } from './export-png';

interface Props {
  title: string;
  /** Stable id: used for the PNG name, highlights and the f shortcut. */
  name: string;
  wide?: boolean;
  children: ReactNode;
}

/** A live panel with a title, a full-screen button (for the projector) and PNG export. */
export function PanelFrame({ title, name, wide, children }: Props) {
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  const fullScreen = () => void (document.fullscreenElement ? document.exitFullscreen() : ref.current?.requestFullscreen())?.catch(() => undefined);
  const exportPng = async () => {
    try {
      download(await panelToPng(ref.current!), `${name}.png`);
    } catch (e) {
      notify('error', `Could not export the panel: ${(e as Error).message}`);
    }
  };
  return (
    <section ref={ref} className={`panel${wide ? ' wide' : ''}`} aria-labelledby={titleId} data-panel={name} tabIndex={-1}>
      <div className="panel-head">
        <h2 id={titleId}>{title}</h2>
        <span className="panel-actions">
          <button type="button" className="icon" onClick={() => void exportPng()} aria-label={`Save ${title} as PNG`} title="Save as PNG">
            ⤓
          </button>
          <button type="button" className="icon" onClick={fullScreen} aria-label={`Show ${title} full screen`} title="Full screen (f)">
            ⛶
          </button>
        </span>
      </div>
      {children}
    </section>
  );
}
