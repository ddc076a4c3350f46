const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip data', [0x1f, 0x8b]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
];

/**
 * Names what the first bytes of a file look like when it is clearly not text
 * (a known signature, or a NUL byte early on); null when it may be text.
 */
export function binaryKind(head: Uint8Array): string | null {
  for (const [kind, sig] of SIGNATURES) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) return kind;
  }
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if (head[i] === 0) return 'binary data';
  return null;
}

/** Throws a clear error when a file that should be text is something else. */
export function assertText(head: Uint8Array, fileName: string): void {
  const kind = binaryKind(head);
  if (kind) throw new Error(`${fileName} is not a MovieLens text file: it looks like ${kind}.`);
}

/** Decodes ISO-8859-1 (Latin-1) exactly: each byte is the code point of the same value. */
export function decodeLatin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + 8192)));
  }
  return parts.join('');
}

export function decodeText(bytes: Uint8Array, encoding: 'latin1' | 'utf-8'): string {
  return encoding === 'latin1' ? decodeLatin1(bytes) : new TextDecoder('utf-8').decode(bytes);
}

/** Splits text into lines without their CR/LF; drops a final empty line and a UTF-8 BOM. */
export function textLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
