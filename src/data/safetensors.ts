import { z } from 'zod';
import { fromHalf, toHalf } from '../math/half-float';

/*
 * The safetensors format (huggingface/safetensors), F32 (exports) or F16 (shipped checkpoints):
 *   bytes 0–7   N, the header's length, an unsigned 64-bit little-endian integer
 *   bytes 8…    the header: UTF-8 JSON {name: {dtype: "F32" | "F16", shape, data_offsets: [begin, end]}, "__metadata__": {string: string}},
 *               padded with spaces so the data starts 8-byte aligned
 *   then        the tensors' raw little-endian bytes, back to back; offsets count from the data's start
 * Python reads it with safetensors.numpy.load_file or safetensors.torch.load_file.
 */

export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** The reference reader refuses headers over 100 MB. */
const MAX_HEADER = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type Dtype = 'F32' | 'F16';
const BYTES: Record<Dtype, number> = { F32: 4, F16: 2 };

/** Float32 values as little-endian bytes of the dtype (a copy; F16 rounds to the nearest half). */
function leBytes(values: Float32Array, dtype: Dtype): Uint8Array {
  if (dtype === 'F16') {
    const out = new Uint8Array(values.length * 2);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => view.setUint16(i * 2, toHalf(v), true));
    return out;
  }
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** Little-endian bytes of the dtype as float32 values (a copy, so any alignment works). */
function fromLeBytes(bytes: Uint8Array, dtype: Dtype): Float32Array {
  if (dtype === 'F16') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length: bytes.byteLength / 2 }, (_, i) => fromHalf(view.getUint16(i * 2, true)));
  }
  if (LITTLE_ENDIAN) return new Float32Array(bytes.slice().buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/** Writes tensors, in the order given, and string metadata into one safetensors file, every tensor as `dtype`. */
export function writeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}, dtype: Dtype = 'F32'): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) throw new Error(`Tensor names must be unique and not "__metadata__"; got ${t.name} twice.`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length) throw new Error(`${t.name} has ${t.values.length} values but shape [${t.shape}].`);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + BYTES[dtype] * size] };
    offset += BYTES[dtype] * size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so 8 + N is a multiple of 8: the data starts aligned.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    out.set(leBytes(t.values, dtype), at);
    at += BYTES[dtype] * t.values.length;
  }
  return out;
}

const entrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().min(0)),
  data_offsets: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});

/** Reads a safetensors file whose tensors are all `dtype`: the tensors (as float32) in file order and the metadata. Throws, naming the problem. */
export function readSafetensors(bytes: Uint8Array, dtype: Dtype = 'F32'): { tensors: NamedTensor[]; metadata: Record<string, string> } {
  if (bytes.byteLength < 8) throw new Error('The safetensors file is shorter than its 8-byte header length.');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.byteLength - 8))) throw new Error(`The safetensors header claims ${n} bytes; the file has ${bytes.byteLength - 8} after the length.`);
  const headerEnd = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch {
    throw new Error('The safetensors header is not valid UTF-8 JSON.');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('The safetensors header is not a JSON object.');
  const { __metadata__: meta, ...entries } = header as Record<string, unknown>;
  const metadata = z.record(z.string(), z.string()).optional().safeParse(meta);
  if (!metadata.success) throw new Error('The safetensors __metadata__ must map strings to strings.');
  const data = bytes.subarray(headerEnd);
  const parsed = Object.entries(entries).map(([name, raw]) => {
    const e = entrySchema.safeParse(raw);
    if (!e.success) throw new Error(`The safetensors entry ${name} is malformed (${e.error.issues[0]?.path.join('.')}: ${e.error.issues[0]?.message}).`);
    if (e.data.dtype !== dtype)
      throw new Error(`${name} is ${e.data.dtype}; ${dtype === 'F32' ? 'the lab reads F32 tensors only' : 'a shipped checkpoint holds F16 tensors only'}.`);
    const [begin, end] = e.data.data_offsets;
    const size = e.data.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== BYTES[dtype] * size) throw new Error(`${name} spans bytes ${begin}–${end}, but shape [${e.data.shape}] needs ${BYTES[dtype] * size}.`);
    return { name, shape: e.data.shape, begin, end };
  });
  // The data must be covered exactly, with no gap or overlap (as the reference reader checks).
  let expected = 0;
  for (const t of [...parsed].sort((a, b) => a.begin - b.begin)) {
    if (t.begin !== expected) throw new Error(`The safetensors data has a gap or overlap at byte ${expected} (${t.name} starts at ${t.begin}).`);
    expected = t.end;
  }
  if (expected !== data.byteLength) throw new Error(`The safetensors header describes ${expected} bytes of data; the file has ${data.byteLength}.`);
  return {
    tensors: parsed.map((t) => ({ name: t.name, shape: t.shape, values: fromLeBytes(data.subarray(t.begin, t.end), dtype) })),
    metadata: metadata.data ?? {},
  };
}
