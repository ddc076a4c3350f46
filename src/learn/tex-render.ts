import katex from 'katex';

/**
 * TeX → HTML with KaTeX. Strict: unknown commands and non-ASCII in math throw, so
 * the chapter tests catch a bad formula. The output carries MathML for screen readers.
 */
export function renderTex(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'error', output: 'htmlAndMathml', trust: false });
}
