/**
 * A tiny markdown-ish reader for step text: paragraphs (blank-line separated),
 * "- " lists, **bold**, `code`, inline $…$ and display $$…$$ math. "\$" is a
 * literal dollar. {claim:id} is the declared claim's value and {claim:id:steps} its step
 * count (src/learn/claims.ts): a number the claims test checks, never typed twice. Pure
 * (no DOM), so tests can collect every formula.
 */
import { quoteClaim } from './claims';

export type Inline = { kind: 'text'; value: string } | { kind: 'bold'; value: string } | { kind: 'code'; value: string } | { kind: 'math'; value: string };

export type Block = { kind: 'paragraph'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'math'; value: string };

const INLINE = /(\{claim:[a-z0-9-]+(?::steps)?\}|\\\$|\*\*[^*]+\*\*|`[^`]+`|\$[^$]+\$)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const prev = out.at(-1);
    if (prev?.kind === 'text') prev.value += value;
    else out.push({ kind: 'text', value });
  };
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    pushText(text.slice(at, m.index));
    const t = m[0];
    if (t.startsWith('{claim:')) {
      const [, id, part] = t.slice(1, -1).split(':');
      pushText(quoteClaim(id, part === 'steps' ? 'steps' : 'value'));
    } else if (t === '\\$') pushText('$');
    else if (t.startsWith('**')) out.push({ kind: 'bold', value: t.slice(2, -2) });
    else if (t.startsWith('`')) out.push({ kind: 'code', value: t.slice(1, -1) });
    else out.push({ kind: 'math', value: t.slice(1, -1).trim() });
    at = m.index + t.length;
  }
  pushText(text.slice(at));
  return out;
}

/** One block of text without display math: a list if every line starts with "- ", else a paragraph. */
function textBlock(text: string): Block | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return null;
  if (lines.every((l) => l.startsWith('- '))) return { kind: 'list', items: lines.map((l) => parseInline(l.slice(2))) };
  return { kind: 'paragraph', inlines: parseInline(lines.join(' ')) };
}

export function parseProse(text: string): Block[] {
  const blocks: Block[] = [];
  // Display math first (it may span lines), then paragraphs between the formulas.
  const pieces = text.split(/\$\$([\s\S]+?)\$\$/);
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) {
      blocks.push({ kind: 'math', value: piece.trim() });
      return;
    }
    for (const chunk of piece.split(/\n\s*\n/)) {
      const b = textBlock(chunk);
      if (b) blocks.push(b);
    }
  });
  return blocks;
}

/** Every formula in a text, display and inline, in order. */
export function mathIn(text: string): { tex: string; display: boolean }[] {
  const out: { tex: string; display: boolean }[] = [];
  const inl = (xs: Inline[]) => xs.forEach((x) => x.kind === 'math' && out.push({ tex: x.value, display: false }));
  for (const b of parseProse(text)) {
    if (b.kind === 'math') out.push({ tex: b.value, display: true });
    else if (b.kind === 'paragraph') inl(b.inlines);
    else b.items.forEach(inl);
  }
  return out;
}
