import { useEffect, useRef } from 'react';

interface Props {
  /** ρ̂_k per unit (in unit order). */
  means: Float32Array;
  /** 1 for a unit that never fired on the probe digits. */
  dead: Float32Array | null;
  /** The KL target ρ, drawn as a line; null when it does not apply. */
  target: number | null;
  /** The y range: [0, 1] for sigmoid, [−1, 1] for tanh, [0, max] for ReLU. */
  range: [number, number];
  sorted: boolean;
  label: string;
}

const WIDTH = 560;
const HEIGHT = 180;
const TICKS = 14;

/** The canvas's box on the page; the panel holds it before the first snapshot too, so nothing below moves. */
export const UNIT_MEANS_BOX = { display: 'block', width: '100%', maxWidth: WIDTH, aspectRatio: `${WIDTH} / ${HEIGHT}` } as const;

const cssVar = (el: Element, name: string, fallback: string) => getComputedStyle(el).getPropertyValue(name).trim() || fallback;

/**
 * Each code unit's mean activation ρ̂_k as a bar, the target ρ as a dashed line, and a red
 * tick under every dead unit (a canvas: K may be 1,024 bars).
 */
export function UnitMeansCanvas({ means, dead, target, range, sorted, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const k = means.length;
    const order = Array.from({ length: k }, (_, i) => i);
    if (sorted) order.sort((a, b) => means[b] - means[a]);
    const [lo, hi] = range;
    const plotH = HEIGHT - TICKS - 4;
    const y = (v: number) => 2 + plotH * (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo));
    const barW = WIDTH / Math.max(1, k);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.fillStyle = cssVar(canvas, '--panel', '#fff');
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = cssVar(canvas, '--grid', '#e8eaed');
    ctx.beginPath();
    ctx.moveTo(0, y(0) + 0.5);
    ctx.lineTo(WIDTH, y(0) + 0.5);
    ctx.stroke();
    ctx.fillStyle = cssVar(canvas, '--c1', '#2f5fa7');
    order.forEach((unit, i) => {
      const top = Math.min(y(means[unit]), y(0));
      // At least one pixel so a unit near zero still shows where it is.
      ctx.fillRect(i * barW, top, Math.max(1, barW - (barW > 3 ? 1 : 0)), Math.max(1, Math.abs(y(means[unit]) - y(0))));
    });
    if (target !== null) {
      ctx.strokeStyle = cssVar(canvas, '--c2', '#d55e00');
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(0, y(target));
      ctx.lineTo(WIDTH, y(target));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
    }
    if (dead) {
      ctx.fillStyle = cssVar(canvas, '--error', '#a4161a');
      order.forEach((unit, i) => {
        if (dead[unit] > 0.5) ctx.fillRect(i * barW + Math.max(0, barW / 2 - 1.5), HEIGHT - TICKS, Math.min(3, Math.max(1, barW)), TICKS);
      });
    }
  }, [means, dead, target, range, sorted]);
  return <canvas ref={ref} width={WIDTH} height={HEIGHT} role="img" aria-label={label} data-testid="unit-means-canvas" style={{ ...UNIT_MEANS_BOX, height: 'auto' }} />;
}
