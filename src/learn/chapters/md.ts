/** Step text with TeX: backslashes stay as written (String.raw), so \hat{x} needs no escaping. */
export const md = String.raw;

/** A `code` span inside md`…` (a literal backtick would end the template). */
export const code = (s: string): string => '`' + s + '`';
