/* IEEE 754 half precision (binary16): 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A float32 as the bits of the nearest half (round half to even); beyond ±65504 it throws. */
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  const roundShift = (m: number, shift: number) => {
    const h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return rem > halfway || (rem === halfway && h & 1) ? h + 1 : h;
  };
  if (e <= 0) {
    // Subnormal half: units of 2⁻²⁴.
    if (e < -10) return sign;
    mant |= 0x800000;
    return sign | roundShift(mant, 14 - e);
  }
  // A carry out of the mantissa bumps the exponent, which is the right rounding.
  const h = roundShift((e << 23) | mant, 13);
  if (h >= 0x7c00) throw new Error(`${v} is beyond half precision (±65504).`);
  return sign | h;
}

/** The value of half-precision bits: (−1)^s · 2^(e−15) · (1 + m/1024), or m · 2⁻²⁴ when e = 0. */
export function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** The values rounded to half precision and back (what a checkpoint holds). */
export function roundToHalf(values: Float32Array): Float32Array {
  return Float32Array.from(values, (v) => fromHalf(toHalf(v)));
}
