/**
 * The classic Keras MNIST conv net, trained with exact backprop: the convolutional reference point the
 * rules in compare-cnn are measured against, and the network the `cnn` benchmark times against PyTorch.
 *
 *   Conv2D 32 3×3 ReLU → MaxPool 2 → Conv2D 64 3×3 ReLU → MaxPool 2 → Flatten → Dense 64 ReLU → Dense 10 softmax
 *
 * Adam (lr 1e-3, Keras's β₁ 0.9, β₂ 0.999), batch 128, 10 epochs, Glorot-uniform weights and zero biases
 * (Keras's defaults), 121,930 parameters. The Keras run of this network printed 98.54% test accuracy; the
 * README gives the mean of our three seeds and the wall time.
 *
 *   npx plasticity run mnist-cnn            # full: 3 seeds × 10 epochs
 *   npx plasticity run mnist-cnn --quick    # 1 seed × 1 epoch on 10k training images, about a minute
 */
import { defineExperiment } from '../src/experiment/spec.js';

export default defineExperiment({
  name: 'mnist-cnn',
  description:
    'MNIST (60k/10k), the Keras example conv net: conv 32 3×3 → max-pool 2 → conv 64 3×3 → max-pool 2 → dense 64 → 10, ReLU, softmax cross-entropy; ' +
    'backprop, Adam lr 1e-3, batch 128, 10 epochs.',
  rules: ['backprop'],
  tasks: ['mnist'],
  seeds: 3,
  network: {
    layers: [{ conv: 32, kernel: 3 }, { pool: 'max', size: 2 }, { conv: 64, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 64 }],
    activation: 'relu',
    output: 'softmax',
    init: 'glorot-uniform',
  },
  training: { epochs: 10, batchSize: 128, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 } },
  probeSize: 128,
  quick: { seeds: 1, tasks: [{ task: 'mnist', options: { trainLimit: 10000 } }], training: { epochs: 1 } },
});
