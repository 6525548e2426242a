import { createHash } from 'node:crypto';
import type { RandomStreams } from '../random/streams.js';
import { SpikingNetwork, type SpikingNetworkSpec } from '../snn/spiking-network.js';
import { trainSpiking } from '../training/train-spiking.js';
import type { ThroughTimeRule } from '../snn/through-time-rule.js';
import type { Task, TaskShape } from '../tasks/task.js';
import type { Figure } from '../plot/figure.js';
import type { TrainingResult } from '../training/metrics.js';
import type { Progress } from './progress.js';
import type { NetworkSpec, SpikingSpec, TrainingSpec } from './spec.js';

/*
 * A run of a through-time rule (bptt, eprop-*) on a spiking network (`network.spiking`): the runner's
 * counterpart of the rate trainer's call, with the same records (src/training/train-spiking.ts keeps EpochMetrics).
 */

/** The SpikingNetwork spec of `network.spiking` for a task: its inputs per step (a sequence task's channels) and its classes. */
export function spikingNetworkSpec(spiking: SpikingSpec, task: Pick<TaskShape, 'inputSize' | 'outputSize' | 'sequence'>): SpikingNetworkSpec {
  // Fields left out stay undefined here; the network fills in their defaults.
  const { size, neuron, recurrent, tauMem, tauAdapt, adaptation, threshold, ...rest } = spiking;
  const hidden = { size, neuron, recurrent, tauMem, tauAdapt, adaptation, threshold };
  return { inputSize: task.sequence ? task.sequence.channels : task.inputSize, outputSize: task.outputSize, hidden, ...rest };
}

/** The weights' hash of a spiking network, over its parameters in order (the counterpart of hashWeights). */
export function hashSpikingWeights(net: SpikingNetwork): string {
  const h = createHash('sha256');
  for (const p of net.parameters()) {
    h.update(p.name);
    h.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
  }
  return h.digest('hex');
}

export function runSpiking(args: { rule: ThroughTimeRule<any>; ruleOptions: Record<string, unknown>; network: NetworkSpec; training: TrainingSpec; probeSize: number; task: Task; streams: RandomStreams; progress?: Progress }): { net: SpikingNetwork; sizes: number[]; result: TrainingResult & { figures: Figure[] } } {
  const { network, training, task, streams, progress } = args;
  const net = new SpikingNetwork(spikingNetworkSpec(network.spiking!, task)).initialise(streams);
  const result = trainSpiking({
    net,
    rule: args.rule,
    options: args.ruleOptions,
    task,
    streams,
    config: { epochs: training.epochs, batchSize: training.batchSize, optimiser: training.optimiser, schedule: training.schedule, steps: training.steps, lossFrom: training.lossFrom, encoder: training.encoder, probeSize: args.probeSize },
    onBatch: progress ? (e, b, n) => progress.batch(e, b, n) : undefined,
    onEpoch: progress
      ? (m) => {
          if (m.epoch === 0) return;
          progress.epoch(m.epoch, `train loss ${m.trainLoss?.toFixed(4)}, test loss ${m.testLoss.toFixed(4)}, test acc ${(100 * m.testAccuracy!).toFixed(2)}%, ${m.diagnostics?.['firingRate/hidden']?.toFixed(0)} Hz, ${m.seconds.toFixed(1)} s`);
        }
      : undefined,
  });
  return { net, sizes: [net.inputSize, net.size, net.outputSize], result };
}
