import { useEngine } from '../client/engine-context';
import type { RandomCodesResult } from '../engine/image-queries';
import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { TileGrid } from './tile-grid';
import { useLiveQuery } from './use-live-query';

const N = 16;
const SEED = 2014;

/** The last answer per model this page has seen, so a plain AE's and a VAE's stand side by side. */
const seen = new Map<string, { result: RandomCodesResult; step: number }>();

function Samples({ r, model, step }: { r: RandomCodesResult; model: string; step: number }) {
  return (
    <figure data-testid={`random-codes-${model}`} data-prior-distance={r.priorDistance} data-fitted-distance={r.fittedDistance}>
      <figcaption>
        <strong>{model}</strong> (K = {r.k}, step {step})
      </figcaption>
      <p className="hint">z ~ N(0, I): nearest-digit distance {r.priorDistance.toFixed(4)}/pixel</p>
      <TileGrid values={r.prior} count={r.n} columns={8} zoom={1} gap={2} colours="grey" label={`${model}: codes drawn from N(0, I), decoded`} testId={`random-prior-${model}`} />
      <p className="hint">z ~ N(m, C) fitted to its codes: {r.fittedDistance.toFixed(4)}/pixel</p>
      <TileGrid
        values={r.fitted}
        count={r.n}
        columns={8}
        zoom={1}
        gap={2}
        colours="grey"
        label={`${model}: codes drawn from a Gaussian fitted to its codes, decoded`}
        testId={`random-fitted-${model}`}
      />
      <p className="hint">
        Its codes: mean {r.codeMeanRms.toFixed(2)} from 0, spread {r.codeStdRms.toFixed(2)} (N(0, I): 0 and 1).
      </p>
    </figure>
  );
}

/**
 * "Unlike a standard AE, a VAE generates plausible data from random codes." The current model's
 * decoded N(0, I) codes and codes from a Gaussian fitted to its own codes, beside the last
 * other model this page ran (train a plain AE, then a VAE, to see both). The distance to the
 * nearest of 500 test digits says how digit-like the samples are.
 */
export function RandomCodesPanel() {
  const engine = useEngine();
  const step = useLab((s) => s.snapshot?.step ?? -1);
  const model = useLab((s) => s.settings.model);
  const { value, error } = useLiveQuery(
    step < 0 ? null : () => engine.query('randomCodes', { n: N, seed: SEED }).then((r) => (seen.set(model, { result: r, step }), r)),
    [step, model],
    1000,
  );
  const others = [...seen.entries()].filter(([m]) => m !== model);
  return (
    <PanelFrame name="random-codes" title="Random codes, decoded" wide>
      <p className="hint">
        Decode codes nobody encoded. A VAE is trained so that N(0, I) covers its codes; a plain autoencoder is not, so its N(0, I) codes land where the decoder never looked. Even a
        Gaussian fitted to a plain AE's codes only narrows the gap. Lower distance to the nearest real digit = more digit-like.
      </p>
      <div className="tile-pair">
        {value && <Samples r={value} model={model} step={step} />}
        {others.map(([m, o]) => (
          <Samples key={m} r={o.result} model={m} step={o.step} />
        ))}
      </div>
      {others.length === 0 && <p className="hint">Train another model (a plain autoencoder and the VAE) on this page to see them side by side.</p>}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </PanelFrame>
  );
}
