import { Fragment, useMemo } from 'react';
import { parseInline, parseProse, type Inline } from './prose-parse';
import { Tex } from './tex';

export function Inlines({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((x, i) => {
        switch (x.kind) {
          case 'text':
            return <Fragment key={i}>{x.value}</Fragment>;
          case 'bold':
            return <strong key={i}>{x.value}</strong>;
          case 'code':
            return <code key={i}>{x.value}</code>;
          case 'math':
            return <Tex key={i} tex={x.value} />;
        }
      })}
    </>
  );
}

/** One line of text with **bold**, `code` and $math$ (question prompts, choices). */
export function InlineText({ text }: { text: string }) {
  const inlines = useMemo(() => parseInline(text), [text]);
  return <Inlines inlines={inlines} />;
}

/** A step's prose: paragraphs, lists and display formulas. */
export function Prose({ text }: { text: string }) {
  const blocks = useMemo(() => parseProse(text), [text]);
  return (
    <div className="learn-prose">
      {blocks.map((b, i) =>
        b.kind === 'math' ? (
          <Tex key={i} tex={b.value} display />
        ) : b.kind === 'list' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Inlines inlines={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            <Inlines inlines={b.inlines} />
          </p>
        ),
      )}
    </div>
  );
}
