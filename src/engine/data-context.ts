import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/image-dataset';
import { fitPca, pcaReconstructionError, pcaTrainError, topComponents, totalVariance, type Pca } from '../math/pca';
import type { Reference } from './protocol';
import { uploadData, type DeviceData } from './trainer';

/** How many fixed test digits the reconstruction strip shows. */
export const STRIP_SIZE = 10;
/** How many test inputs the models' diagnostics look at. */
export const PROBE_SIZE = 500;

/**
 * A dataset as the engine uses it: on the device once, with its PCA (the linear
 * autoencoder's optimum) and the fixed test digits the panels show.
 */
export class DataContext {
  readonly device: DeviceData;
  readonly originals: tf.Tensor2D;
  readonly probe: tf.Tensor2D;
  private pcaTestCache = new Map<number, number>();

  private constructor(readonly dataset: ImageDataset, readonly pca: Pca) {
    const { train, test, dim } = dataset;
    this.device = uploadData(train.images, train.n, test.images, test.n, dim);
    const strip = Math.min(STRIP_SIZE, test.n);
    this.originals = tf.tensor2d(test.images.subarray(0, strip * dim), [strip, dim]);
    const probe = Math.min(PROBE_SIZE, test.n);
    this.probe = tf.tensor2d(test.images.subarray(0, probe * dim), [probe, dim]);
  }

  /** Fits PCA unless a PCA of the same dataset is passed in (e.g. after a backend switch). */
  static async create(dataset: ImageDataset, onPca: () => void, pca?: Pca): Promise<DataContext> {
    if (!pca) onPca();
    return new DataContext(dataset, pca ?? (await fitPca(dataset.train.images, dataset.train.n, dataset.dim)));
  }

  async reference(latent: number): Promise<Reference> {
    const { dataset, pca } = this;
    let pcaTest = this.pcaTestCache.get(latent);
    if (pcaTest === undefined) {
      pcaTest = await pcaReconstructionError(pca, latent, dataset.test.images, dataset.test.n);
      this.pcaTestCache.set(latent, pcaTest);
    }
    const strip = this.originals.shape[0];
    return {
      datasetDescription: dataset.description,
      nTrain: dataset.train.n,
      nTest: dataset.test.n,
      latent,
      pcaTrain: pcaTrainError(pca, latent),
      pcaTest,
      totalVariance: totalVariance(pca),
      eigenDigits: topComponents(pca, latent),
      originals: dataset.test.images.slice(0, strip * dataset.dim),
      originalLabels: Array.from(dataset.test.labels?.subarray(0, strip) ?? []),
      probeLabels: Array.from(dataset.test.labels?.subarray(0, this.probe.shape[0]) ?? []),
    };
  }

  dispose(): void {
    tf.dispose([this.device.train, this.device.test, this.originals, this.probe]);
  }
}
