import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useEngine } from '../../client/engine-context';
import type { RatingScale } from '../../data/movielens/ratings-split';
import type { RatingsBlock } from '../../engine/ratings-types';
import type { RecsysItem } from '../../engine/recsys-types';
import { PanelFrame } from '../panel-frame';
import { useLiveQuery } from '../use-live-query';
import { movieWithYear, ratingRgb, readPalette, rgbCss, stars, useRatingsReference, useRatingsStep, type Palette } from './ratings-view';

const USERS = 12;
const ITEMS = 16;
const MIN_MS = 1000;
const CELL = 18;
const GAP = 34;
/** Left edge of the observed grid. */
const X0 = 4;
const TOP = 22;
const BOTTOM = 20;

/** The lecture's rule, drawn by this panel. */
export const BACKPROP_RULE = 'During backprop, only update weights in W that are connected to the observed ratings.';

/** A small block of R before and after completion, and which output weights one movie's masked error reaches. */
export function RatingsBlockPanel() {
  const engine = useEngine();
  const reference = useRatingsReference();
  const step = useRatingsStep();
  const { value, error } = useLiveQuery(reference && step !== null ? () => engine.query('ratingsBlock', { users: USERS, items: ITEMS }) : null, [step, reference], MIN_MS);
  return (
    <PanelFrame name="ratings-block" title="Completing R: what the masked loss updates" wide>
      <p className="hint">
        {USERS} users (rows) × {ITEMS} movies (columns) of the rating matrix. Left: the training ratings, hatched where nobody rated. Right: the model’s prediction for every cell,
        the completed matrix (a dot marks a cell that was observed).
      </p>
      {reference && <BlockView block={value} scale={reference.scale} items={reference.items} />}
      {error && <p className="hint">{error}</p>}
    </PanelFrame>
  );
}

export interface BlockSummary {
  rows: number;
  cols: number;
  /** The focus item's column in the block, −1 when it is not one of the block's movies. */
  focusColumn: number;
  /** Per row of the block: does that user's output weight get a gradient from the focus item's error? */
  updatedRows: boolean[];
}

export function blockSummary(block: RatingsBlock): BlockSummary {
  const updated = new Set(block.updatedUsers);
  return {
    rows: block.users.length,
    cols: block.items.length,
    focusColumn: block.items.indexOf(block.focusItem),
    updatedRows: block.users.map((u) => updated.has(u)),
  };
}

/** A pure view of one `ratingsBlock` answer: the two grids and the gradient strip, a legend and the sentence they draw. */
export function BlockView({ block, scale, items }: { block: RatingsBlock | null; scale: RatingScale; items: RecsysItem[] }) {
  const summary = useMemo(() => (block ? blockSummary(block) : null), [block]);
  const updated = summary?.updatedRows.filter(Boolean).length ?? 0;
  const shown = summary?.rows ?? 0;
  const mid = (scale.min + scale.max) / 2;
  return (
    <>
      <BlockCanvas block={block} summary={summary} scale={scale} />
      <div className="hint" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem 1.2rem', alignItems: 'center' }} data-testid="ratings-block-legend">
        <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
          {stars(scale.min)}★
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              width: 110,
              height: 10,
              border: '1px solid var(--line)',
              background: `linear-gradient(to right, ${rgbCss(ratingRgb(scale.min, scale))}, ${rgbCss(ratingRgb(mid, scale))}, ${rgbCss(ratingRgb(scale.max, scale))})`,
            }}
          />
          {stars(scale.max)}★
        </span>
        <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
          <span aria-hidden="true" style={{ ...SWATCH, background: 'repeating-linear-gradient(45deg, var(--line) 0 2px, var(--panel) 2px 5px)' }} />
          not rated
        </span>
        <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
          <span aria-hidden="true" style={{ ...SWATCH, border: '2px solid var(--c2)' }} />
          focus movie
        </span>
        <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
          <span aria-hidden="true" style={{ ...SWATCH, background: 'var(--c3)' }} />
          ∇W: gets a gradient
        </span>
        <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
          <span aria-hidden="true" style={SWATCH} />
          no gradient
        </span>
      </div>
      <p style={{ margin: '0.5rem 0 0.2rem', fontSize: '0.9rem' }}>
        <em>“{BACKPROP_RULE}”</em>
      </p>
      {block && summary && (
        <p className="hint" data-testid="ratings-block-updated">
          Focus movie: <strong>{movieWithYear(items[block.focusItem])}</strong>
          {summary.focusColumn < 0 ? ' (not in this block)' : ` (column ${summary.focusColumn + 1}, outlined)`}. Its reconstruction error is computed only where a user rated it, so
          of the {shown} users shown, <strong>{updated}</strong> {updated === 1 ? 'gets' : 'get'} a gradient on their output weights (green in the ∇W strip) and the other{' '}
          {shown - updated} get none
          {block.updatedUsers.length > updated && ` (${block.updatedUsers.length.toLocaleString('en')} users in the whole matrix)`}.
        </p>
      )}
    </>
  );
}

const SWATCH: CSSProperties = { display: 'inline-block', width: 12, height: 12, border: '1px solid var(--fg-dim)', boxSizing: 'border-box' };

/** Where the two grids and the strip sit on a canvas for a block of rows × cols. */
export function blockLayout(rows: number, cols: number) {
  const gridW = cols * CELL;
  const x1 = X0 + gridW + GAP;
  const x2 = x1 + gridW + GAP;
  return { rows, cols, gridW, x1, x2, width: x2 + CELL + 24, height: TOP + rows * CELL + BOTTOM };
}

/** Draws R (observed, hatched where missing), R̂ (completed) and the ∇W strip, the focus column outlined in both. */
export function drawBlock(ctx: CanvasRenderingContext2D, p: Palette, block: RatingsBlock | null, summary: BlockSummary | null, scale: RatingScale): void {
  const { rows, cols, gridW, x1, x2, width, height } = blockLayout(summary?.rows || USERS, summary?.cols || ITEMS);
  const { fg, dim, line, panel } = p;
  const focusColour = p.c2;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = panel;
  ctx.fillRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillStyle = fg;
  ctx.fillText('R (observed)', X0, TOP - 5);
  ctx.fillText('R̂ (completed)', x1, TOP - 5);
  ctx.fillText('∇W', x2, TOP - 5);
  if (!block || !summary) return;
  const hatch = (x: number, y: number) => {
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, CELL, CELL);
    ctx.clip();
    ctx.strokeStyle = line;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let d = -CELL; d < CELL; d += 5) {
      ctx.moveTo(x + d, y + CELL);
      ctx.lineTo(x + d + CELL, y);
    }
    ctx.stroke();
    ctx.restore();
  };
  for (let r = 0; r < rows; r++) {
    const y = TOP + r * CELL;
    for (let c = 0; c < cols; c++) {
      const seen = block.observed[r * cols + c];
      if (seen > 0) {
        ctx.fillStyle = rgbCss(ratingRgb(seen, scale));
        ctx.fillRect(X0 + c * CELL, y, CELL, CELL);
      } else hatch(X0 + c * CELL, y);
      ctx.fillStyle = rgbCss(ratingRgb(block.completed[r * cols + c], scale));
      ctx.fillRect(x1 + c * CELL, y, CELL, CELL);
      if (seen > 0) {
        ctx.fillStyle = fg;
        ctx.beginPath();
        ctx.arc(x1 + c * CELL + CELL / 2, y + CELL / 2, 1.6, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    // The strip: does this user's output weight get a gradient from the focus movie's error?
    if (summary.updatedRows[r]) {
      ctx.fillStyle = p.c3;
      ctx.fillRect(x2 + 1, y + 1, CELL - 2, CELL - 2);
    } else {
      ctx.strokeStyle = dim;
      ctx.lineWidth = 1;
      ctx.strokeRect(x2 + 1.5, y + 1.5, CELL - 3, CELL - 3);
    }
  }
  // Thin cell borders, then the focus column outlined in both grids.
  ctx.strokeStyle = line;
  ctx.lineWidth = 1;
  for (const x of [X0, x1]) ctx.strokeRect(x + 0.5, TOP + 0.5, gridW, rows * CELL);
  if (summary.focusColumn >= 0) {
    ctx.strokeStyle = focusColour;
    ctx.lineWidth = 2;
    for (const x of [X0, x1]) ctx.strokeRect(x + summary.focusColumn * CELL + 1, TOP + 1, CELL - 2, rows * CELL - 2);
    ctx.fillStyle = focusColour;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    for (const x of [X0, x1]) ctx.fillText('▲ focus', x + summary.focusColumn * CELL + CELL / 2, TOP + rows * CELL + 3);
    // An arrow from the outlined column to the strip: its error reaches those weights.
    ctx.strokeStyle = focusColour;
    ctx.lineWidth = 1.5;
    const ay = TOP + rows * CELL + 10;
    ctx.beginPath();
    ctx.moveTo(x1 + summary.focusColumn * CELL + CELL / 2 + 26, ay);
    ctx.lineTo(x2 + CELL / 2, ay);
    ctx.lineTo(x2 + CELL / 2, TOP + rows * CELL + 2);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x2 + CELL / 2 - 4, TOP + rows * CELL + 7);
    ctx.lineTo(x2 + CELL / 2, TOP + rows * CELL + 2);
    ctx.lineTo(x2 + CELL / 2 + 4, TOP + rows * CELL + 7);
    ctx.stroke();
  }
  ctx.lineWidth = 1;
}

function BlockCanvas({ block, summary, scale }: { block: RatingsBlock | null; summary: BlockSummary | null; scale: RatingScale }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { rows, cols, width, height } = blockLayout(summary?.rows || USERS, summary?.cols || ITEMS);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (canvas && ctx) drawBlock(ctx, readPalette(canvas), block, summary, scale);
  }, [block, summary, scale]);
  const updated = summary?.updatedRows.filter(Boolean).length ?? 0;
  const label = block
    ? `Observed ratings and the model's completion for ${rows} users × ${cols} movies; focus movie in column ${(summary?.focusColumn ?? -1) + 1}; ${updated} of ${rows} users' output weights get a gradient`
    : 'A block of the rating matrix (waiting for the model)';
  return <canvas ref={ref} width={width} height={height} role="img" aria-label={label} data-testid="ratings-block-canvas" style={{ maxWidth: '100%', height: 'auto' }} />;
}
