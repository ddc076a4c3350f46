import { useId, useRef } from 'react';
import { useEngine } from '../../client/engine-context';
import { MAX_FILE_BYTES, MAX_IMAGES, MAX_SIDE, MAX_TOTAL_BYTES, MIN_SIDE, mb } from '../../data/own-images';
import { isTableName, MAX_TABLE_BYTES, type MissingPolicy, type TableScaling } from '../../data/own-table';
import { notify, useLab } from '../../state/store';
import { headerOf, optionsEntry, useOwnData } from './own-data-options';
import { filesOfDrop, filesOfInput, type PathFile } from './read-drop';

type Engine = ReturnType<typeof useEngine>;

/**
 * Reads the files (refusing more than the stated limit before reading any), adds the
 * import choices and hands them to the worker, which says what they are: your images,
 * a table, MNIST-format files or a GroupLens zip. A refusal is shown as a notice.
 */
export async function sendFiles(engine: Engine, files: PathFile[]): Promise<void> {
  if (!files.length) return;
  const total = files.reduce((a, f) => a + f.file.size, 0);
  if (total > MAX_TOTAL_BYTES) {
    notify('error', `Those files come to ${mb(total)}; the lab takes at most ${mb(MAX_TOTAL_BYTES)} at once. The current run is unchanged.`);
    return;
  }
  const read = await Promise.all(files.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
  if (read.length === 1 && isTableName(read[0].name)) {
    useOwnData.setState({ lastTable: { name: read[0].name, bytes: read[0].bytes.slice(), columns: headerOf(read[0].bytes) } });
  }
  await engine.drop([...read, optionsEntry()]).catch(() => undefined);
}

/** Handlers that take files (and folders) dropped anywhere on the page. */
export function ownDropHandlers(engine: Engine) {
  return {
    onDragOver: (e: React.DragEvent) => e.preventDefault(),
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      void filesOfDrop(e.dataTransfer).then((files) => sendFiles(engine, files));
    },
  };
}

/** The choices for your own images and tables, a folder picker, and the stated limits. */
export function OwnDataImport() {
  const engine = useEngine();
  const { image, table, lastTable } = useOwnData();
  const onTable = useLab((s) => s.settings.dataset === 'own-table');
  const folder = useRef<HTMLInputElement>(null);
  const files = useRef<HTMLInputElement>(null);
  const id = useId();
  const setImage = (patch: Partial<typeof image>) => useOwnData.setState({ image: { ...image, ...patch } });
  // A new label column, scaling or missing-value rule re-reads the last table.
  const setTable = (patch: Partial<typeof table>) => {
    useOwnData.setState({ table: { ...table, ...patch } });
    const t = useOwnData.getState().lastTable;
    if (t && onTable) void engine.drop([{ name: t.name, bytes: t.bytes.slice() }, optionsEntry()]).catch(() => undefined);
  };
  return (
    <details className="own-data" data-testid="own-data">
      <summary>Your own images or table</summary>
      <p className="hint">
        Drop a folder, images (PNG, JPEG, WebP) or a zip of them, or a CSV/TSV table with a header row, anywhere on the page, or{' '}
        <button type="button" className="link" onClick={() => folder.current?.click()}>
          choose a folder
        </button>{' '}
        or{' '}
        <button type="button" className="link" onClick={() => files.current?.click()}>
          files
        </button>
        . Sub-folders name the labels. Up to {MAX_IMAGES.toLocaleString('en')} images and {mb(MAX_TOTAL_BYTES)} ({mb(MAX_FILE_BYTES)} an image); a table up to {mb(MAX_TABLE_BYTES)}
        . Nothing leaves this browser.
      </p>
      <div className="controls">
        <div className="control">
          <label htmlFor={`${id}-side`}>Image side (px)</label>
          <input
            id={`${id}-side`}
            data-testid="own-side"
            type="number"
            min={MIN_SIDE}
            max={MAX_SIDE}
            value={image.side}
            onChange={(e) => setImage({ side: Math.max(MIN_SIDE, Math.min(MAX_SIDE, Math.round(Number(e.target.value) || MIN_SIDE))) })}
          />
        </div>
        <div className="control">
          <label htmlFor={`${id}-colour`}>Colour</label>
          <input id={`${id}-colour`} data-testid="own-colour" type="checkbox" checked={image.colour} onChange={(e) => setImage({ colour: e.target.checked })} />
        </div>
        <div className="control">
          <label htmlFor={`${id}-label`}>Table label column</label>
          {lastTable ? (
            <select id={`${id}-label`} data-testid="own-label" value={table.label} onChange={(e) => setTable({ label: e.target.value })}>
              <option value="">(first text column)</option>
              {lastTable.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-label`}
              data-testid="own-label"
              type="text"
              placeholder="first text column"
              value={table.label}
              onChange={(e) => setTable({ label: e.target.value })}
            />
          )}
        </div>
        <div className="control">
          <label htmlFor={`${id}-scaling`}>Table scaling</label>
          <select id={`${id}-scaling`} data-testid="own-scaling" value={table.scaling} onChange={(e) => setTable({ scaling: e.target.value as TableScaling })}>
            <option value="standardise">standardise (z-scores)</option>
            <option value="minmax">min–max to [0, 1]</option>
          </select>
        </div>
        <div className="control">
          <label htmlFor={`${id}-missing`}>Missing values</label>
          <select id={`${id}-missing`} data-testid="own-missing" value={table.missing} onChange={(e) => setTable({ missing: e.target.value as MissingPolicy })}>
            <option value="refuse">refuse the table</option>
            <option value="drop">drop those rows</option>
          </select>
        </div>
      </div>
      <input ref={files} type="file" multiple hidden data-testid="own-files-input" onChange={(e) => void sendFiles(engine, filesOfInput(e.target.files))} />
      <input
        ref={folder}
        type="file"
        hidden
        data-testid="own-folder-input"
        // A folder picker: its files carry their paths (sub-folders → labels).
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => void sendFiles(engine, filesOfInput(e.target.files))}
      />
    </details>
  );
}
