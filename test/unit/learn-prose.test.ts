import { describe, expect, it } from 'vitest';
import { mathIn, parseInline, parseProse } from '../../src/learn/prose-parse';
import { renderTex } from '../../src/learn/tex-render';

describe('prose parser', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    const blocks = parseProse('First line\nwraps here.\n\nSecond paragraph.');
    expect(blocks).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', value: 'First line wraps here.' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', value: 'Second paragraph.' }] },
    ]);
  });

  it('reads **bold**, `code`, inline $math$ and an escaped dollar', () => {
    expect(parseInline('A **bold** word, `betaMax`, $x W_e + b_e$ and \\$5.')).toEqual([
      { kind: 'text', value: 'A ' },
      { kind: 'bold', value: 'bold' },
      { kind: 'text', value: ' word, ' },
      { kind: 'code', value: 'betaMax' },
      { kind: 'text', value: ', ' },
      { kind: 'math', value: 'x W_e + b_e' },
      { kind: 'text', value: ' and $5.' },
    ]);
  });

  it('takes display math out of a paragraph, even across lines', () => {
    const blocks = parseProse('Before $a$:\n$$h = x W_e\n + b_e$$\nafter.');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'math', 'paragraph']);
    expect(blocks[1]).toEqual({ kind: 'math', value: 'h = x W_e\n + b_e' });
  });

  it('reads a block of "- " lines as a list', () => {
    const blocks = parseProse('Intro.\n\n- one $K$\n- two\n\nEnd.');
    expect(blocks[1]).toEqual({
      kind: 'list',
      items: [
        [
          { kind: 'text', value: 'one ' },
          { kind: 'math', value: 'K' },
        ],
        [{ kind: 'text', value: 'two' }],
      ],
    });
  });

  it('collects every formula with its mode', () => {
    expect(mathIn('Let $a$ be\n\n$$b$$\n\n- $c$')).toEqual([
      { tex: 'a', display: false },
      { tex: 'b', display: true },
      { tex: 'c', display: false },
    ]);
  });
});

describe('renderTex', () => {
  it('renders with MathML for screen readers', () => {
    const html = renderTex('\\hat{x} = h W_d + b_d', true);
    expect(html).toContain('katex-display');
    expect(html).toContain('<math');
  });

  it('throws on a bad formula, so the chapter tests catch it', () => {
    expect(() => renderTex('\\frac{1}{', false)).toThrow();
    expect(() => renderTex('\\notacommand', false)).toThrow();
  });
});
