import type { History } from '../engine/history';
import type { ExportedVariable } from '../engine/protocol';
import type { Settings } from '../settings/schema';

/** One training run as the lab keeps it: settings, metric history, final weights. */
export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  settings: Settings;
  history: History;
  step: number;
  weights: ExportedVariable[] | null;
  /** A pinned run is the baseline drawn on the charts. */
  pinned: boolean;
}
