import { existsSync } from 'node:fs';
import { IDX_FILES, idxFile, idxImageTask } from './idx-image-task.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four (gzip-compressed) IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The Debian package's folder, or an error saying how to install it or where else to look. */
export function defaultFashionMnistDir(): string {
  const dir = DEBIAN_FASHION_MNIST_DIR;
  if (!existsSync(idxFile(dir, IDX_FILES.train.images))) {
    throw new Error(`task "fashion-mnist": no Fashion-MNIST files in ${dir}; install them with apt-get install dataset-fashion-mnist, or set option dataDir to a folder of the four IDX files (plain or .gz)`);
  }
  return dir;
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28×28 greyscale images of 10 kinds of clothing, in MNIST's
 * format and split (60 000 train / 10 000 test), a harder drop-in for MNIST. Read from Debian's
 * dataset-fashion-mnist package or `dataDir` (options and memory: see idx-image-task.ts).
 */
export const fashionMnistTask = idxImageTask({
  name: 'fashion-mnist',
  summary: 'Fashion-MNIST clothing images (784 pixel inputs in [0,1], 10 classes), 60k train / 10k test; Debian package dataset-fashion-mnist.',
  defaultDir: defaultFashionMnistDir,
});
