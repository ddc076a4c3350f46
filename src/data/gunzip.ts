/** True when bytes begin with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip with the platform's own DecompressionStream (browsers and Node ≥ 18).
 * Bytes that are not gzip pass through unchanged, so a server that already decoded
 * a .gz file (Content-Encoding) does no harm.
 */
export async function maybeGunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`The gzip data is damaged or truncated (${(e as Error).message}).`);
  }
}
