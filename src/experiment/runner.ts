import { availableParallelism } from 'node:os';
import { useThreads } from '../kernels/backend.js';
import { HeapFullError } from '../kernels/heap.js';
import { firstLayerKernelFigure } from '../plot/kernel-grid.js';
import type { Figure } from '../plot/figure.js';
import type { Network } from '../graph/network.js';
import { type LayerSize, denseLayerSizes, formatBytes, networkText, trainingRunBytes } from './estimate.js';
import { buildNetwork, planNetwork, rateActivations } from './network-plan.js';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { layeredNetwork } from '../graph/layered.js';
import { deltaRule, featureTask, standardiseFeatures } from '../training/feature-readout.js';
import { resolveRuleOptions, type LearningRule } from '../learning/rule.js';
import type { Task, TaskFactory, Dataset } from '../tasks/task.js';
import { writeRuleFigures } from './rule-figures.js';
import { train } from '../training/trainer.js';
import { hashSpikingWeights, runSpiking } from './spiking-run.js';
import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import { RandomStreams } from '../random/streams.js';
import { builtinTasks, createTask } from '../tasks/registry.js';
import { buildManifest } from './manifest.js';
import { runFileName } from './file-names.js';
import { makeFolder } from './make-folder.js';
import { type PlannedRun, planRuns } from './plan.js';
import { InterruptedError, runOnWorkers } from './pool.js';
import { portableSpec } from './portable.js';
import { checkPlannedRuns, SpecError, validateSpec } from './validate.js';
import { type Shard, inShard } from './overrides.js';
import { saveSpikingWeights } from './spiking-weights-io.js';
import { saveWeights } from './weights-io.js';
import { createProgress, type Progress } from './progress.js';
import { type RunRecord, hashWeights } from './records.js';
import { writeSummary } from './results-folder.js';
import { ResultsFolderError } from './errors.js';
import { ResultsWriter } from './results-writer.js';
import type { ExperimentSpec } from './spec.js';
import { summarise, summaryTable } from './summary.js';

export interface RunOptions {
  /** Results folder; created if missing. */
  outDir: string;
  /** Rules known by name (the built-ins plus any the caller registered). */
  rules: Readonly<Record<string, LearningRule>>;
  /** Tasks known by name (default: the built-ins); a researcher's own task is registered here, e.g. `{ ...builtinTasks, mine }`. */
  tasks?: Readonly<Record<string, TaskFactory>>;
  /** Skip runs whose id already has a line in runs.jsonl (the folder must hold results of this same spec). */
  resume?: boolean;
  /** With resume: run again the runs recorded as failed. */
  retryFailed?: boolean;
  /** Replace an existing results folder's runs instead of refusing. */
  overwrite?: boolean;
  quiet?: boolean;
  progress?: Progress;
  /** Worker threads running runs in parallel (default 1: in this thread). Results are identical. */
  workers?: number;
  /**
   * Threads for one run's large kernel calls (products, activations, optimiser updates): 2 (the default when
   * runs go one at a time, on a machine with 2 or more cores) or 1. Results are identical; PLASTICITY_THREADS
   * overrides it. With several workers each run has one thread (the workers already fill the cores).
   */
  kernelThreads?: 1 | 2;
  /**
   * Run in worker threads even with one worker. The CLI does, so that an interrupt stops a run at once (a
   * run in this thread holds the event loop until it ends).
   */
  threads?: boolean;
  /**
   * The module worker threads import to find the rules and tasks of this call that are not built in: rules
   * registered in `rules` or given as objects in the spec, tasks registered in `tasks` (portable.ts says what
   * it may export). The CLI passes the experiment file. Without it, such runs need `workers: 1`.
   */
  workerModule?: string | URL;
  /** Aborting stops the sweep: runs in worker threads at once, a run in this thread when it ends. Throws InterruptedError. */
  signal?: AbortSignal;
  /** Run only this shard of the planned runs (cluster job arrays); merge the shards' folders afterwards. */
  shard?: Shard | null;
  /** Save each run's trained weights as .npy files under DIR/weights/<run>/. */
  saveWeights?: boolean;
  /** Called after summary.csv is written, e.g. to write the HTML report. */
  afterRuns?: (outDir: string, records: RunRecord[]) => void | Promise<void>;
}

/** A fixed random subset of the training set (copied), drawn from the run's "probe" stream. */
function probeBatch(data: Dataset, size: number, stream: RandomStream): { inputs: Matrix; targets: Matrix } {
  const n = Math.min(size, data.inputs.rows);
  const rows = stream.sampleWithoutReplacement(data.inputs.rows, n);
  const inputs = new Matrix(n, data.inputs.cols), targets = new Matrix(n, data.targets.cols);
  rows.forEach((r, i) => {
    inputs.data.set(data.inputs.data.subarray(r * data.inputs.cols, (r + 1) * data.inputs.cols), i * data.inputs.cols);
    targets.data.set(data.targets.data.subarray(r * data.targets.cols, (r + 1) * data.targets.cols), i * data.targets.cols);
  });
  return { inputs, targets };
}

/**
 * Trains one planned run from scratch; everything random comes from streams derived from its seed. With
 * `weightsDir` the trained weights are saved there; a failure to save them is recorded in `weightsError`
 * and leaves the run as it finished (its metrics are not lost).
 */
export async function executeRun(run: PlannedRun, experiment: string, progress?: Progress, weightsDir?: string, tasks: Readonly<Record<string, TaskFactory>> = builtinTasks): Promise<RunRecord> {
  const t0 = performance.now();
  const base = {
    id: run.id,
    experiment,
    rule: run.rule.name,
    ruleLabel: run.ruleLabel,
    ruleOptions: run.ruleOptions,
    task: run.taskName,
    taskLabel: run.taskLabel,
    taskOptions: run.taskOptions,
    seed: run.seed,
    grid: run.grid,
    network: run.network,
    training: run.training,
  };
  let sizes: number[] = [];
  let layers: LayerSize[] = [];
  let record: RunRecord;
  let net;
  try {
    const streams = new RandomStreams(run.seed);
    const task = await createTask(run.taskName, run.taskOptions, streams.fork(`task/${run.taskName}`), tasks);
    if (run.rule.regime === 'through-time') {
      const spiking = runSpiking({ rule: run.rule, ruleOptions: run.ruleOptions, network: run.network, training: run.training, probeSize: run.probeSize, task, streams, progress });
      sizes = spiking.sizes;
      const last = spiking.result.epochs[spiking.result.epochs.length - 1];
      const record: RunRecord = {
        ...base,
        sizes,
        status: spiking.result.status,
        ...(spiking.result.divergedAtEpoch !== undefined && { divergedAtEpoch: spiking.result.divergedAtEpoch }),
        epochs: spiking.result.epochs,
        final: { epoch: last.epoch, trainLoss: last.trainLoss, testLoss: last.testLoss, testAccuracy: last.testAccuracy },
        weightsHash: hashSpikingWeights(spiking.net),
        ...(spiking.result.figures.length && { ruleFigures: spiking.result.figures }),
        wallSeconds: 0,
      };
      if (weightsDir) {
        try {
          saveSpikingWeights(join(weightsDir, runFileName(run.id)), spiking.net, { run: run.id, seed: run.seed, rule: run.rule.name, task: run.taskName, weightsHash: record.weightsHash });
        } catch (e) {
          record.weightsError = (e as Error).message;
        }
      }
      record.wallSeconds = (performance.now() - t0) / 1000;
      return record;
    }
    let plan: LayerSize[] = planNetwork(run.network, task);
    sizes = plan.map((l) => l.size);
    // A feature rule learns features without labels; a delta-rule readout on them is what gets trained here.
    let features: { task: Task; parametersHash: string; metrics?: Record<string, number>; figures?: Figure[] } | null = null;
    if (run.rule.regime === 'features') {
      const rule = run.rule;
      const maps = await rule.learn({ task, streams: streams.fork(`rule/${rule.name}`), options: resolveRuleOptions(rule, run.ruleOptions), log: (m) => progress?.note(m) });
      features = { task: featureTask(task, { ...maps, ...standardiseFeatures(maps.train, maps.test) }), parametersHash: maps.parametersHash, metrics: maps.metrics, figures: maps.figures };
      sizes = [task.inputSize, features.task.inputSize, task.outputSize];
      plan = denseLayerSizes(sizes);
    }
    layers = plan;
    const trained = features ? features.task : task;
    net = features ? layeredNetwork({ sizes: sizes.slice(1), ...rateActivations(run.network), init: run.network.init, bias: run.network.bias }) : buildNetwork(run.network, task);
    net.initialise(streams);
    const result = train({
      probe: run.probeSize > 0 && !features ? probeBatch(task.train, run.probeSize, streams.stream('probe')) : undefined,
      net,
      rule: run.rule.regime === 'features' ? deltaRule : run.rule,
      ruleOptions: run.rule.regime === 'features' ? {} : run.ruleOptions,
      task: trained,
      config: run.training,
      streams,
      onBatch: progress ? (e, b, n) => progress.batch(e, b, n) : undefined,
      onEpoch: progress
        ? (m) => {
            if (m.epoch === 0) return;
            const acc = m.testAccuracy === null ? '' : `, test acc ${(100 * m.testAccuracy).toFixed(2)}%`;
            progress.epoch(m.epoch, `train loss ${m.trainLoss?.toFixed(4)}, test loss ${m.testLoss.toFixed(4)}${acc}, ${m.seconds.toFixed(1)} s`);
          }
        : undefined,
    });
    const last = result.epochs[result.epochs.length - 1];
    record = {
      ...base,
      sizes,
      status: result.status,
      ...(result.divergedAtEpoch !== undefined && { divergedAtEpoch: result.divergedAtEpoch }),
      epochs: result.epochs,
      final: { epoch: last.epoch, trainLoss: last.trainLoss, testLoss: last.testLoss, testAccuracy: last.testAccuracy },
      weightsHash: features ? createHash('sha256').update(features.parametersHash).update(hashWeights(net)).digest('hex') : hashWeights(net),
      ...(features?.metrics && { featureMetrics: features.metrics }),
      ...(features?.figures?.length && { ruleFigures: features.figures }),
      ...(!features && kernelFigures(net, run)),
      wallSeconds: 0,
    };
  } catch (e) {
    return {
      ...base,
      sizes,
      status: 'failed',
      error: e instanceof HeapFullError && layers.length > 0 ? outOfKernelMemory(layers, run, e) : (e as Error).message,
      epochs: [],
      final: { epoch: 0, trainLoss: null, testLoss: null, testAccuracy: null },
      weightsHash: null,
      wallSeconds: (performance.now() - t0) / 1000,
    };
  }
  if (weightsDir) {
    try {
      saveWeights(join(weightsDir, runFileName(run.id)), net, { run: run.id, seed: run.seed, rule: run.rule.name, task: run.taskName, weightsHash: record.weightsHash });
    } catch (e) {
      record.weightsError = (e as Error).message;
    }
  }
  record.wallSeconds = (performance.now() - t0) / 1000;
  return record;
}

/** A conv net's trained first-layer kernels, shown in the report per rule and task (src/plot/kernel-grid.ts). */
function kernelFigures(net: Network, run: PlannedRun): { ruleFigures: Figure[] } | null {
  const fig = firstLayerKernelFigure(net, 'first-layer-kernels', `${run.ruleLabel} on ${run.taskLabel}: first-layer kernels after training`,
    `The filters of the first conv layer after the last epoch, each scaled to its largest |w| (red positive, blue negative).`);
  return fig && { ruleFigures: [fig] };
}

/** A full kernel heap, said in terms of the run: the network's size and what it was estimated to need. */
function outOfKernelMemory(layers: LayerSize[], run: PlannedRun, e: HeapFullError): string {
  const parameters = layers.reduce((n, l) => n + l.parameters, 0);
  const { bytes } = trainingRunBytes(layers, run.training, null, run.probeSize);
  return `the ${networkText(layers)} network (${parameters.toLocaleString('en-US')} parameters; about ${formatBytes(bytes)} for it and its buffers, without the data set) ran out of memory: ${e.message}`;
}

/** One line for the progress display about a finished run. */
function describeRecord(record: RunRecord): string {
  const acc = record.final.testAccuracy;
  if (record.status === 'failed') return `FAILED: ${record.error}`;
  return `${record.status}${record.divergedAtEpoch ? ` at epoch ${record.divergedAtEpoch}` : ''}, test acc ${acc === null ? '—' : (100 * acc).toFixed(2) + '%'}, ${record.wallSeconds.toFixed(1)} s${record.weightsError ? ` (weights NOT saved: ${record.weightsError})` : ''}`;
}

/**
 * Runs every planned run of an experiment and writes the results folder (see results-writer.ts):
 *   manifest.json  what produced the results;
 *   runs.jsonl     one line per finished run, appended whole as each run ends;
 *   summary.csv    mean and std over seeds per rule × task (× grid point).
 * Everything the spec says is checked before anything runs (SpecError). Interrupted through `signal`, it
 * throws InterruptedError with the runs finished so far recorded.
 */
export async function runExperiment(spec: ExperimentSpec, options: RunOptions): Promise<RunRecord[]> {
  const tasks = options.tasks ?? builtinTasks;
  validateSpec(spec, options.rules, tasks);
  const planned = planRuns(spec, options.rules);
  const runs = inShard(planned, options.shard ?? null);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const threaded = (workers > 1 && runs.length > 1) || (options.threads === true && runs.length > 0);
  checkPlannedRuns(runs, tasks, threaded ? Math.min(workers, runs.length) : 1);
  const kernelThreads = (threaded ? Math.min(workers, runs.length) : 1) === 1 ? (options.kernelThreads ?? (availableParallelism() >= 2 ? 2 : 1)) : 1;
  const portable = threaded ? portableSpec(spec, options.rules, tasks, builtinTasks) : null;
  const unknownToWorkers = Object.keys(portable?.customTasks ?? {});
  if (unknownToWorkers.length && !options.workerModule) throw new SpecError(`workers: worker threads need to import the module that defines task "${unknownToWorkers[0]}": name it in RunOptions.workerModule, or run with workers: 1`);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  // A shard's manifest lists the whole plan too, so merging shards restores the unsharded order.
  const shard = options.shard ? { shard: { index: options.shard.index + 1, count: options.shard.count, from: options.shard.source }, plannedRuns: planned.map((r) => r.id) } : {};
  const manifest = buildManifest(spec, { runs: runs.map((r) => r.id), seeds: [...new Set(runs.map((r) => r.seed))], ...shard });
  const writer = ResultsWriter.open<RunRecord>({ dir: options.outDir, kind: 'training', manifest, planned: runs.map((r) => r.id), resume: options.resume, overwrite: options.overwrite, retryFailed: options.retryFailed, log });
  const outDir = writer.dir;
  return writer.session(runs.length, async () => {
    let weightsDir: string | undefined;
    try {
      weightsDir = options.saveWeights ? makeFolder(join(outDir, 'weights'), '--save-weights') : undefined;
    } catch (e) {
      throw new ResultsFolderError((e as Error).message);
    }
    const done = new Set(writer.previous.map((r) => r.id));
    const todo = runs.filter((r) => !done.has(r.id));
    const progress = options.progress ?? createProgress({ quiet: options.quiet });
    const commit = (full: RunRecord) => {
      // A rule's figures go to their own file (they can be large), written before the run's line, so a
      // committed run always has them.
      const { ruleFigures, ...record } = full;
      if (ruleFigures) writeRuleFigures(outDir, record.id, ruleFigures);
      writer.append(record);
    };
    if (threaded && todo.length > 0) {
      const threads = Math.min(workers, todo.length);
      const byId = new Map(todo.map((r) => [r.id, r]));
      if (!options.quiet && threads > 1) process.stderr.write(`Running ${todo.length} runs on ${threads} worker threads\n`);
      // One thread runs one run at a time, shown as runs in this thread are; several are shown run by run.
      let started = 0, finished = 0;
      await runOnWorkers({
        setup: { kind: 'training', portable: portable!, kernelThreads, ...(options.workerModule && { module: String(options.workerModule) }) },
        ids: todo.map((r) => r.id),
        workers,
        extra: weightsDir ? { weightsDir } : {},
        signal: options.signal,
        onStart: (id) => {
          if (threads === 1) progress.runStarted(started++, todo.length, id, byId.get(id)!.training.epochs);
        },
        onDone: (m) => {
          const r = m.record as RunRecord;
          if (!byId.has(r.id)) throw new Error(`worker thread returned run "${r.id}", which was not asked for`);
          commit(r);
          if (threads === 1) progress.runFinished(describeRecord(r));
          else progress.parallelFinished(r.id, ++finished, todo.length, describeRecord(r));
        },
        onBatch: (_id, epoch, batch, batches) => {
          if (threads === 1) progress.batch(epoch, batch, batches);
        },
        onProgress: (id, epoch, text) => {
          if (threads === 1) (epoch < 0 ? progress.note(text) : progress.epoch(epoch, text));
          else if (epoch < 0) progress.note(text, id);
          else progress.parallelEpoch(id, epoch, byId.get(id)?.training.epochs ?? epoch, text);
        },
      });
    } else {
      useThreads(kernelThreads);
      for (let i = 0; i < todo.length; i++) {
        if (options.signal?.aborted) throw new InterruptedError(String(options.signal.reason ?? 'aborted'));
        const run = todo[i];
        progress.runStarted(i, todo.length, run.id, run.training.epochs);
        const record = await executeRun(run, spec.name, progress, weightsDir, tasks);
        commit(record);
        progress.runFinished(describeRecord(record));
      }
    }
    const ordered = writer.inOrder(runs.map((r) => r.id));
    writeSummary(outDir, { kind: 'training', records: ordered });
    await options.afterRuns?.(outDir, ordered);
    if (!options.quiet) process.stderr.write(`\n${summaryTable(summarise(ordered))}\n\nResults in ${outDir}\n`);
    const unsaved = ordered.filter((r) => r.weightsError);
    if (unsaved.length) process.stderr.write(`plasticity: the weights of ${unsaved.length} run${unsaved.length > 1 ? 's' : ''} could not be saved (first: ${unsaved[0].id}: ${unsaved[0].weightsError}); their results are recorded\n`);
    return ordered;
  });
}
