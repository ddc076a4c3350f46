import { isMovieLens, isOwnData } from '../families/datasets';
import { useRef } from 'react';
import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';
import { OwnDataImport, ownDropHandlers, sendFiles } from './own-data/own-data-import';
import { SettingControl } from './setting-control';

/** Which data the model trains on, and the way to bring your own MNIST-format files. */
export function DataPanel() {
  const engine = useEngine();
  const reference = useLab((s) => s.reference);
  const movies = useLab((s) => isMovieLens(s.settings.dataset));
  const dataset = useLab((s) => s.settings.dataset);
  const input = useRef<HTMLInputElement>(null);
  const load = (files: FileList | null) => dropFiles(engine, [...(files ?? [])]);
  return (
    <section className="panel" aria-labelledby="data-title">
      <h2 id="data-title">Data</h2>
      <div className="controls">
        <SettingControl name="dataset" />
        {movies ? <SettingControl name="task" /> : isOwnData(dataset) ? null : <SettingControl name="dataSize" />}
      </div>
      <p className="hint" data-testid="dataset-description">
        {reference ? `${reference.datasetDescription}.` : 'Loading…'}
      </p>
      <p className="hint">
        {movies ? 'Drop a GroupLens zip (ml-100k, ml-1m, ml-latest-small, ml-20m, ml-25m) on the page for other ratings; for images, ' : ''}
        Drop MNIST-format files anywhere on the page (e.g. Fashion-MNIST <code>train-images-idx3-ubyte.gz</code> with its labels file), or{' '}
        <button type="button" className="link" onClick={() => input.current?.click()}>
          choose files
        </button>
        .
      </p>
      <input ref={input} type="file" multiple hidden data-testid="file-input" onChange={(e) => void load(e.target.files)} />
      <OwnDataImport />
    </section>
  );
}

/** Reads the files and hands them to the worker; a refusal is shown as a notice. */
// Own images, tables, IDX files and GroupLens zips all go the same way: the worker tells them apart.
const dropFiles = (engine: ReturnType<typeof useEngine>, files: File[]) => sendFiles(engine, files.map(asPathFile));
const asPathFile = (file: File) => ({ path: file.name, file });

/** Handlers that take files dropped anywhere on the page. */
export const pageDropHandlers = ownDropHandlers;
