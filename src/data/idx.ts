/**
 * IDX files (LeCun's MNIST format): magic 0x00 0x00 <type> <ndims>, then ndims
 * big-endian uint32 sizes, then the data. We accept unsigned-byte data only,
 * which is what MNIST, Fashion-MNIST, KMNIST and EMNIST ship.
 */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export class IdxError extends Error {}

const UBYTE = 0x08;

export function parseIdx(bytes: Uint8Array, name = 'file'): IdxArray {
  if (bytes.length < 8) throw new IdxError(`${name} is too short to be an IDX file (${bytes.length} bytes).`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(`${name} is not an IDX file: it does not start with the IDX magic number (00 00 08 0n).`);
  }
  if (bytes[2] !== UBYTE) {
    throw new IdxError(`${name} holds IDX data of type 0x${bytes[2].toString(16)}; only unsigned bytes (0x08) are supported.`);
  }
  const ndims = bytes[3];
  if (ndims < 1 || ndims > 4) throw new IdxError(`${name} declares ${ndims} dimensions; expected 1 to 4.`);
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw new IdxError(`${name} is truncated inside its header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - header;
  if (actual < expected) {
    throw new IdxError(`${name} is truncated: its header promises ${expected} bytes of data, but only ${actual} are there.`);
  }
  return { dims, data: bytes.subarray(header, header + expected) };
}

/** The smallest and largest image side (in pixels) the lab takes from IDX files. */
export const MIN_IMAGE_SIDE = 8;
export const MAX_IMAGE_SIDE = 64;

/**
 * Validates an images file (n × rows × cols) and optional labels (n). The image size is
 * whatever the file's header says, within MIN_IMAGE_SIDE … MAX_IMAGE_SIDE a side; a loader
 * that knows its data's size (the MNIST loader) passes it as `expected`.
 */
export function checkImagesAndLabels(images: IdxArray, labels: IdxArray | null, name: string, expected?: { rows: number; cols: number }): void {
  if (images.dims.length !== 3) {
    throw new IdxError(`${name} has shape [${images.dims.join('×')}]; an images file must be n×rows×cols (idx3).`);
  }
  const [, rows, cols] = images.dims;
  if (expected && (rows !== expected.rows || cols !== expected.cols)) {
    throw new IdxError(`${name} holds ${rows}×${cols} images; expected ${expected.rows}×${expected.cols}.`);
  }
  if (rows < MIN_IMAGE_SIDE || rows > MAX_IMAGE_SIDE || cols < MIN_IMAGE_SIDE || cols > MAX_IMAGE_SIDE) {
    throw new IdxError(`${name} holds ${rows}×${cols} images; the lab takes images of ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE} pixels a side.`);
  }
  if (labels) {
    if (labels.dims.length !== 1) throw new IdxError(`The labels file for ${name} must be one-dimensional (idx1).`);
    if (labels.dims[0] !== images.dims[0]) {
      throw new IdxError(`${name} has ${images.dims[0]} images but its labels file has ${labels.dims[0]} labels.`);
    }
  }
}
