/**
 * Test oracle: the popularity baseline as a dense users × items score matrix (every user
 * scores = the training click counts), for the CPU ranking oracle. The lab ranks it on the device.
 */
export function popularityScores(popularity: Float32Array, users: number): Float32Array {
  const out = new Float32Array(users * popularity.length);
  for (let u = 0; u < users; u++) out.set(popularity, u * popularity.length);
  return out;
}
