import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/model';
import type { SeriesHistory } from './series';
import type { ExportedVariable } from './protocol';
import { exportWeights } from './weights-io';

/**
 * WebGPU device loss (a driver reset, memory pressure, a laptop switching GPUs): every
 * tensor on the device is gone. So while training on WebGPU the session keeps a copy of
 * the weights on the CPU, taken at snapshots, and on loss rebuilds the run on WASM from it.
 */

/** Host copies cost at most this share of the time (a readback of every weight)… */
const COPY_SHARE = 0.05;
/** …and are at least this far apart, except at forced snapshots (end of step(n), a new run). */
const MIN_COPY_MS = 1000;
/** A chunk that fails this soon around a loss is the loss, not a bug. */
const LOSS_SETTLES_MS = 2000;

/** The weights at a snapshot: the step and epoch they belong to. */
export interface HostCopy {
  step: number;
  epoch: number;
  weights: ExportedVariable[];
}

/** The WebGPU device tfjs computes on, when the backend in use is WebGPU. */
function deviceInUse(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
}

/**
 * Lets tfjs build a fresh WebGPU backend (a new device) the next time it is chosen: the
 * lost one stays registered otherwise. Its kernels stay registered; only the instance goes.
 */
function forgetWebGpuBackend(): void {
  const registry = (tf.engine() as unknown as { registry: Record<string, tf.KernelBackend | undefined> }).registry;
  try {
    registry.webgpu?.dispose();
  } catch {
    // Disposing on a lost device may fail; the instance is dropped either way.
  }
  delete registry.webgpu;
}

/** Points at or before `step` (the history the copied weights had made). */
export function historyUpTo(history: SeriesHistory, step: number): SeriesHistory {
  const out: SeriesHistory = {};
  for (const [name, points] of Object.entries(history) as [keyof SeriesHistory, SeriesHistory[keyof SeriesHistory]][]) {
    const kept = points?.filter((p) => p.step <= step);
    if (kept?.length) out[name] = kept;
  }
  return out;
}

/** Watches the WebGPU device in use and keeps the last host copy of the weights. */
export class DeviceLossGuard {
  private device: GPUDevice | null = null;
  private lost: Promise<void> | null = null;
  private copy: HostCopy | null = null;
  private lastCopyAt = Number.NEGATIVE_INFINITY;
  private copyMs = 0;
  private lostAt = Number.NEGATIVE_INFINITY;

  /** `onLost` runs once per lost device in use, with the browser's reason. */
  constructor(
    private readonly onLost: (reason: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Wraps the backend chooser: after each choice, watch the device if it is WebGPU's. */
  watching<A extends unknown[], R>(choose: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      const out = await choose(...args);
      this.watch();
      return out;
    };
  }

  private watch(): void {
    const device = deviceInUse();
    if (!device || device === this.device) return;
    this.device = device;
    this.copy = null;
    this.lost = device.lost.then((info) => {
      if (this.device !== device) return;
      this.device = null;
      this.lostAt = this.now();
      if (tf.getBackend() === 'webgpu') this.onLost(info.message || info.reason || 'unknown reason');
      else forgetWebGpuBackend(); // lost while another backend ran: nothing to move
    });
  }

  /** True while training on a watched WebGPU device. */
  get active(): boolean {
    return this.device !== null && tf.getBackend() === 'webgpu';
  }

  /** Copies the weights to the CPU when due (always when `forced`); a no-op off WebGPU. */
  async keep(model: Autoencoder, step: number, epoch: number, forced: boolean): Promise<void> {
    if (!this.active) return;
    const t0 = this.now();
    if (!forced && t0 - this.lastCopyAt < Math.max(MIN_COPY_MS, this.copyMs / COPY_SHARE)) return;
    const weights = await exportWeights(model);
    this.copy = { step, epoch, weights };
    this.lastCopyAt = this.now();
    this.copyMs = this.lastCopyAt - t0;
  }

  /** The last host copy, taken for the run that was lost; null if none was taken. */
  takeCopy(): HostCopy | null {
    const copy = this.copy;
    this.copy = null;
    return copy;
  }

  /** Drops the host copy (a new run: it belongs to the old one). */
  clear(): void {
    this.copy = null;
    this.lastCopyAt = Number.NEGATIVE_INFINITY;
  }

  /** After the run has moved off the lost device: the next WebGPU choice gets a new one. */
  release(): void {
    forgetWebGpuBackend();
  }

  /** Whether a failure was the device going away (waits briefly for the loss to be reported). */
  async explains(): Promise<boolean> {
    const recent = () => this.now() - this.lostAt < 2 * LOSS_SETTLES_MS;
    if (recent() || !this.lost) return recent();
    await Promise.race([this.lost, new Promise((r) => setTimeout(r, LOSS_SETTLES_MS))]);
    return recent();
  }

  /** Test hook ('lose-device'): destroys the device in use, as a driver reset would. */
  destroyForTest(): void {
    deviceInUse()?.destroy();
  }
}
