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

/** Validates an images file (n × rows × cols) and optional labels (n). */
export function checkImagesAndLabels(images: IdxArray, labels: IdxArray | null, name: string): void {
  if (images.dims.length !== 3) {
    throw new IdxError(`${name} has shape [${images.dims.join('×')}]; an images file must be n×rows×cols (idx3).`);
  }
  if (images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new IdxError(`${name} holds ${images.dims[1]}×${images.dims[2]} images; the lab's models take 28×28.`);
  }
  if (labels) {
    if (labels.dims.length !== 1) throw new IdxError(`The labels file for ${name} must be one-dimensional (idx1).`);
    if (labels.dims[0] !== images.dims[0]) {
      throw new IdxError(`${name} has ${images.dims[0]} images but its labels file has ${labels.dims[0]} labels.`);
    }
  }
}
