/**
 * Just enough of the WebAssembly binary format (spec §5) to write a few SIMD kernels that
 * import tfjs's own memory and so work on its tensors in place. No toolchain writes a module
 * at run time against a memory chosen then (shared or not), and the kernels are a few dozen
 * instructions, so they are assembled here, instruction by instruction, from readable names.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128 (§5.2.2). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, for i32.const. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
/** memarg with alignment hint 1 byte (tensors are 4-byte aligned, not 16) and offset 0. */
const MEMARG = [0, 0];
const simd = (op: number) => [0xfd, ...uleb(op)];

/** The instructions the kernels use, by their text-format names. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  load: [...simd(0x00), ...MEMARG], // v128.load
  store: [...simd(0x0b), ...MEMARG], // v128.store
  splat: simd(0x13), // f32x4.splat
  i32Splat: simd(0x11), // i32x4.splat (of 0: a zero vector)
  /** i8x16.shuffle of two vectors, given as four f32 lanes (0–3: the first, 4–7: the second). */
  shuffle: (lanes: [number, number, number, number]) => [...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  sqrt: simd(0xe3), // f32x4.sqrt
  add: simd(0xe4), // f32x4.add
  sub: simd(0xe5), // f32x4.sub
  mul: simd(0xe6), // f32x4.mul
  div: simd(0xe7), // f32x4.div
  min: simd(0xe8), // f32x4.min
  max: simd(0xe9), // f32x4.max
  f32: (x: number) => [0x43, ...new Uint8Array(new Float32Array([x]).buffer)], // f32.const
};

export interface KernelFunction {
  name: string;
  params: ValueType[];
  locals: ValueType[];
  body: number[][];
}

/**
 * A module that imports "env"."memory" (shared, as a threaded build's is, or not) and exports
 * each function, each with no results.
 */
export function assemble(functions: KernelFunction[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  // A shared memory must declare a maximum; 65,536 pages (4 GiB) admits any heap.
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0])));
  const imports = section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]]));
  const declared = section(3, vec(functions.map((_, i) => uleb(i))));
  const exports = section(7, vec(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)])));
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map((t) => [1, t])), ...f.body.flat(), ...op.end];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(codes));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...declared, ...exports, ...code]);
}
