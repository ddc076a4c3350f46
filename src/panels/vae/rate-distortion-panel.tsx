import { useEffect, useMemo, useRef } from 'react';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { drawRateDistortion, type RdPoint } from './rate-distortion-canvas';
import { joinByStep } from './vae-view';

const MAX_POINTS = 600;

/** The run's path in the rate–distortion plane, coloured by β (after Alemi et al. 2018). */
export function RateDistortionPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const ref = useRef<HTMLCanvasElement>(null);
  const points = useMemo((): RdPoint[] => {
    const rows = joinByStep({ rate: history['train/kl'], distortion: history['train/reconstruction'], beta: history['train/beta'] });
    const k = Math.ceil(rows.length / MAX_POINTS);
    return rows.filter((_, i) => i % k === 0 || i === rows.length - 1).map((r) => ({ step: r.step, rate: r.rate, distortion: r.distortion, beta: r.beta }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
  }, [history, version]);
  const testRate = history['test/kl']?.at(-1)?.value;
  const testDistortion = history['test/reconstruction']?.at(-1)?.value;
  useEffect(() => {
    const test = testRate !== undefined && testDistortion !== undefined ? { rate: testRate, distortion: testDistortion } : null;
    if (ref.current) drawRateDistortion(ref.current, points, test);
  }, [points, testRate, testDistortion]);
  const last = points.at(-1);
  return (
    <PanelFrame name="vae-rate-distortion" title="Rate–distortion plane">
      <p className="hint">
        Each dot is a stretch of training: how many nats the code carries about x (rate, KL) against how badly x is rebuilt (distortion). Dashed lines have equal −ELBO = D + R.
        Small β buys low distortion with a high rate; large β slides toward zero rate (Alemi et al. 2018). Square: the latest test point.
      </p>
      <canvas
        ref={ref}
        width={480}
        height={340}
        style={{ width: '100%', maxWidth: 480, height: 'auto' }}
        role="img"
        aria-label={
          last
            ? `Rate–distortion trajectory of ${points.length} points; now rate ${last.rate.toFixed(2)} nats, distortion ${last.distortion.toFixed(1)} nats at β ${last.beta.toFixed(3)}`
            : 'Rate–distortion trajectory (no training yet)'
        }
        data-testid="rd-canvas"
      />
      <p className="metric" data-testid="rd-readout">
        R = <strong>{last ? last.rate.toFixed(2) : '—'}</strong> · D = <strong>{last ? last.distortion.toFixed(1) : '—'}</strong> · β ={' '}
        <strong>{last ? last.beta.toFixed(3) : '—'}</strong>
      </p>
    </PanelFrame>
  );
}
