import type { RowSettings } from '../settings/schema';
import { betaScheduleFromSettings, VAE_LIVE_KEYS, type VaeLiveSettings } from '../settings/vae-settings';
import { createVae, type Vae } from './vae';

export { betaScheduleFromSettings };

/**
 * Builds the VAE from the lab's settings: inputDim → H [→ H₂] → (μ, log σ²) ∈ ℝ^K, decoder mirrored back to inputDim.
 * The model's own setLive takes a schedule object; the lab hands over the whole flat
 * settings object (Trainer.setLive), so this wrapper translates, and keeps the last
 * values of keys a partial update leaves out.
 */
export function vaeFromSettings(s: RowSettings, inputDim: number, seed: number): Vae<Partial<VaeLiveSettings>> {
  let live = pickLive(s, undefined);
  const vae = createVae({
    inputDim,
    latent: s.latent,
    hidden: s.vaeHidden2 > 0 ? [s.vaeHidden, s.vaeHidden2] : [s.vaeHidden],
    activation: s.vaeActivation,
    likelihood: s.likelihood,
    betaSchedule: betaScheduleFromSettings(live),
    freeBits: live.freeBits,
    seed,
  });
  const setLive = (params: Partial<VaeLiveSettings>): void => {
    const next = pickLive(params, live);
    // Throws (changing nothing) when a value is malformed; the session then keeps the old settings.
    vae.setLive!({ betaSchedule: betaScheduleFromSettings(next), freeBits: next.freeBits });
    live = next;
  };
  return { ...vae, setLive };
}

/** The live keys of `params`, falling back to `previous` for those it lacks. */
function pickLive(params: object, previous: VaeLiveSettings | undefined): VaeLiveSettings {
  const source = params as Record<string, unknown>;
  const out: Record<string, unknown> = { ...previous };
  for (const k of VAE_LIVE_KEYS) if (k in source) out[k] = source[k];
  for (const k of VAE_LIVE_KEYS) if (out[k] === undefined) throw new Error(`The VAE needs the setting ${k}.`);
  return out as unknown as VaeLiveSettings;
}
