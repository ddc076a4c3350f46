import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { renderTex } from './tex-render';

/**
 * A formula rendered by KaTeX. A formula KaTeX refuses shows its source instead of
 * breaking the page. A display formula wider than the screen scrolls sideways and
 * then takes keyboard focus, so it can be scrolled without a mouse.
 */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => {
    try {
      return renderTex(tex, display);
    } catch {
      return null;
    }
  }, [tex, display]);
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    if (!display) return;
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [display, html]);
  if (html === null) return <code className="learn-tex-error">{tex}</code>;
  if (!display) return <span className="learn-tex" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <div
      ref={ref}
      className="learn-math"
      tabIndex={overflows ? 0 : undefined}
      role={overflows ? 'region' : undefined}
      aria-label={overflows ? 'Formula (scrolls sideways)' : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
