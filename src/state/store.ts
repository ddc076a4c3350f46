import { create } from 'zustand';
import type { History } from '../engine/history';
import type {
  BackendInfo,
  ClicksReference,
  ClicksSnapshot,
  ImageReference,
  ImageSnapshot,
  RatingsReferenceMessage,
  RatingsSnapshot,
  Reference,
  Snapshot,
} from '../engine/protocol';
import { liveUpdates } from './live-updates';
import { useHeld } from './offscreen';
import type { RunRecord } from './run-record';
import { defaultSettings, type Settings } from '../settings/schema';

export interface Notice {
  id: number;
  level: 'info' | 'error';
  message: string;
}

export interface LabState {
  /** The view in the URL hash: "/lab", "/learn/vae/3"… */
  route: string;
  settings: Settings;
  ready: boolean;
  running: boolean;
  backend: BackendInfo | null;
  progress: { label: string; fraction: number | null; cancellable?: boolean } | null;
  reference: Reference | null;
  snapshot: Snapshot | null;
  /** Bounded metric history by series name; `historyVersion` changes when it grows. */
  history: History;
  historyVersion: number;
  notices: Notice[];
  /** Description of a successfully dropped dataset, if any. */
  droppedDataset: string | null;
  /** Saved runs (newest first), the current run's id, and runs overlaid on the charts. */
  runs: RunRecord[];
  currentRunId: string | null;
  overlayIds: string[];
}

export const initialLabState = (): LabState => ({
  route: '/lab',
  settings: defaultSettings(),
  ready: false,
  running: false,
  backend: null,
  progress: null,
  reference: null,
  snapshot: null,
  history: {},
  historyVersion: 0,
  notices: [],
  droppedDataset: null,
  runs: [],
  currentRunId: null,
  overlayIds: [],
});

const live = liveUpdates<LabState>(() => initialLabState());
const labStore = create<LabState>()(live.creator);
/**
 * `useLab(selector)` reads the lab's state and re-renders when the selection changes, as
 * zustand's hook does, except inside a panel off screen (offscreen.ts), where the selection
 * holds still until the panel is seen again. `useLab.getState()`, `setState`, `subscribe`: the store.
 */
export const useLab = Object.assign(useLabSelection, labStore);
function useLabSelection<T>(selector: (s: LabState) => T): T {
  return labStore(useHeld(selector, panelLayout));
}
/** What sets a panel's size: a held panel still follows these, so scrolling to it shifts nothing (offscreen.ts). */
const panelLayout = (s: LabState): readonly unknown[] => [s.route, s.settings, s.reference, s.snapshot === null, s.snapshot?.kind, s.currentRunId];
/** A live update (a training snapshot): each subscriber hears of it in its own task (live-updates.ts). */
export const setLive = live.setLive;

let noticeId = 0;
const MAX_NOTICES = 5;

export function notify(level: Notice['level'], message: string): void {
  useLab.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, level, message }].slice(-MAX_NOTICES) }));
}

export function dismissNotice(id: number): void {
  useLab.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** The reference when the data is images (tiles, PCA, originals), else null. */
export const imageReference = (s: LabState): ImageReference | null => (s.reference?.kind === 'images' ? s.reference : null);
/** The latest snapshot when it carries images (weight rows, reconstructions), else null. */
export const imageSnapshot = (s: LabState): ImageSnapshot | null => (s.snapshot?.kind === 'images' ? s.snapshot : null);
/** The reference when the data is MovieLens clicks, else null. */
export const clicksReference = (s: LabState): ClicksReference | null => (s.reference?.kind === 'clicks' ? s.reference : null);
/** The latest snapshot when it carries ranking metrics, else null. */
export const clicksSnapshot = (s: LabState): ClicksSnapshot | null => (s.snapshot?.kind === 'clicks' ? s.snapshot : null);
/** The reference when the data is MovieLens ratings, else null. */
export const ratingsReference = (s: LabState): RatingsReferenceMessage | null => (s.reference?.kind === 'ratings' ? s.reference : null);
/** The latest snapshot when it carries rating errors, else null. */
export const ratingsSnapshot = (s: LabState): RatingsSnapshot | null => (s.snapshot?.kind === 'ratings' ? s.snapshot : null);
