import { create } from 'zustand';
import { DEFAULT_IMAGE_OPTIONS, OWN_OPTIONS_ENTRY, type ImageOptions, type OwnDropOptions } from '../../data/own-images';
import { DEFAULT_TABLE_OPTIONS, type TableOptions } from '../../data/own-table';

/** The import controls' choices: how the next dropped images or table are read. */
export interface OwnDataChoices {
  image: ImageOptions;
  table: TableOptions;
  /** The last table dropped, kept so a new label column or scaling re-reads it. */
  lastTable: { name: string; bytes: Uint8Array; columns: string[] } | null;
}

export const useOwnData = create<OwnDataChoices>(() => ({ image: { ...DEFAULT_IMAGE_OPTIONS }, table: { ...DEFAULT_TABLE_OPTIONS }, lastTable: null }));

/** The drop entry that carries the choices to the worker (see engine/own-data.ts). */
export function optionsEntry(): { name: string; bytes: Uint8Array } {
  const { image, table } = useOwnData.getState();
  const options: OwnDropOptions = { image, table };
  return { name: OWN_OPTIONS_ENTRY, bytes: new TextEncoder().encode(JSON.stringify(options)) };
}

/** A table's header cells (its first line), for the label-column choice. */
export function headerOf(bytes: Uint8Array): string[] {
  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const line = head.split(/\r?\n/)[0] ?? '';
  const sep = line.includes('\t') ? '\t' : line.split(';').length > line.split(',').length ? ';' : ',';
  return line.split(sep).map((h) => h.trim().replace(/^"|"$/g, ''));
}
