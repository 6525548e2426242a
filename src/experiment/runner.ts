import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';
import { writeSummary } from './results-folder.js';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { layeredNetwork } from '../graph/layered.js';
import { deltaRule, featureTask, standardiseFeatures } from '../training/feature-readout.js';
import { resolveRuleOptions } from '../learning/rule.js';
import type { Task } from '../tasks/task.js';
import type { Figure } from '../plot/figure.js';
import { writeRuleFigures } from './rule-figures.js';
import type { LearningRule } from '../learning/rule.js';
import { train } from '../training/trainer.js';
import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import { RandomStreams } from '../random/streams.js';
import type { Dataset } from '../tasks/task.js';
import { builtinTasks, createTask } from '../tasks/registry.js';
import type { TaskFactory } from '../tasks/task.js';
import { buildManifest } from './manifest.js';
import { type PlannedRun, planRuns } from './plan.js';
import { runOnWorkers, specIsPortable } from './pool.js';
import { validateSpec } from './validate.js';
import { type Shard, inShard } from './overrides.js';
import { safeName, saveWeights } from './weights-io.js';
import { createProgress, type Progress } from './progress.js';
import { type RunRecord, hashWeights, parseRunsJsonl, toJsonLine } from './records.js';
import type { ExperimentSpec } from './spec.js';
import { summarise, summaryTable } from './summary.js';

export interface RunOptions {
  /** Results folder; created if missing. */
  outDir: string;
  /** Rules known by name (the built-ins plus any the caller registered). */
  rules: Readonly<Record<string, LearningRule>>;
  /** Tasks known by name (default: the built-ins); a researcher's own task is registered here, e.g. `{ ...builtinTasks, mine }`. */
  tasks?: Readonly<Record<string, TaskFactory>>;
  /** Skip runs whose id already has a line in runs.jsonl. */
  resume?: boolean;
  /** Replace an existing results folder's runs instead of refusing. */
  overwrite?: boolean;
  quiet?: boolean;
  progress?: Progress;
  /** Worker threads running runs in parallel (default 1: in this thread). Results are identical. */
  workers?: number;
  /** Run only this shard of the planned runs (cluster job arrays); merge the shards' folders afterwards. */
  shard?: Shard | null;
  /** Save each run's trained weights as .npy files under DIR/weights/<run id>/. */
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

/** Trains one planned run from scratch; everything random comes from streams derived from its seed. */
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
  try {
    const streams = new RandomStreams(run.seed);
    const task = await createTask(run.taskName, run.taskOptions, streams.fork(`task/${run.taskName}`), tasks);
    sizes = [task.inputSize, ...run.network.hidden, task.outputSize];
    // A feature rule learns features without labels; a delta-rule readout on them is what gets trained here.
    let features: { task: Task; parametersHash: string; metrics?: Record<string, number>; figures?: Figure[] } | null = null;
    if (run.rule.regime === 'features') {
      const rule = run.rule;
      const maps = await rule.learn({ task, streams: streams.fork(`rule/${rule.name}`), options: resolveRuleOptions(rule, run.ruleOptions), log: (m) => progress?.note(m) });
      features = { task: featureTask(task, { ...maps, ...standardiseFeatures(maps.train, maps.test) }), parametersHash: maps.parametersHash, metrics: maps.metrics, figures: maps.figures };
      sizes = [task.inputSize, features.task.inputSize, task.outputSize];
    }
    const trained = features ? features.task : task;
    const net = layeredNetwork({ sizes: features ? sizes.slice(1) : sizes, activation: run.network.activation, output: run.network.output, init: run.network.init, bias: run.network.bias });
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
    if (weightsDir) saveWeights(join(weightsDir, safeName(run.id)), net, { run: run.id, seed: run.seed, rule: run.rule.name, task: run.taskName });
    return {
      ...base,
      sizes,
      status: result.status,
      ...(result.divergedAtEpoch !== undefined && { divergedAtEpoch: result.divergedAtEpoch }),
      epochs: result.epochs,
      final: { epoch: last.epoch, trainLoss: last.trainLoss, testLoss: last.testLoss, testAccuracy: last.testAccuracy },
      weightsHash: features ? createHash('sha256').update(features.parametersHash).update(hashWeights(net)).digest('hex') : hashWeights(net),
      ...(features?.metrics && { featureMetrics: features.metrics }),
      ...(features?.figures?.length && { ruleFigures: features.figures }),
      wallSeconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    return {
      ...base,
      sizes,
      status: 'failed',
      error: (e as Error).message,
      epochs: [],
      final: { epoch: 0, trainLoss: null, testLoss: null, testAccuracy: null },
      weightsHash: null,
      wallSeconds: (performance.now() - t0) / 1000,
    };
  }
}

/**
 * Runs every planned run of an experiment and writes the results folder:
 *   manifest.json  what produced the results;
 *   runs.jsonl     one line per finished run, appended whole as each run ends;
 *   summary.csv    mean and std over seeds per rule × task (× grid point).
 */
export async function runExperiment(spec: ExperimentSpec, options: RunOptions): Promise<RunRecord[]> {
  const tasks = options.tasks ?? builtinTasks;
  validateSpec(spec, options.rules, tasks);
  const planned = planRuns(spec, options.rules);
  const runs = inShard(planned, options.shard ?? null);
  const { outDir } = options;
  mkdirSync(outDir, { recursive: true });
  const runsPath = join(outDir, 'runs.jsonl');
  let previous: RunRecord[] = [];
  if (existsSync(runsPath)) {
    if (options.resume) {
      let text = readFileSync(runsPath, 'utf8');
      // A crash during the write of the last line can leave it without its newline: drop that run,
      // it will be run again. Every complete line is kept as it is.
      if (text.length > 0 && !text.endsWith('\n')) {
        const keep = text.lastIndexOf('\n') + 1;
        process.stderr.write(`${runsPath}: dropping an incomplete last line (${text.length - keep} bytes) left by an interrupted run\n`);
        text = text.slice(0, keep);
        writeFileSync(runsPath, text);
      }
      previous = parseRunsJsonl(text, runsPath);
    }
    else if (options.overwrite) writeFileSync(runsPath, '');
    else throw new Error(`${runsPath} already exists; pass --resume to finish the missing runs or --overwrite to start again (or choose another --out)`);
  }
  // A shard's manifest lists the whole plan too, so merging shards restores the unsharded order.
  const shard = options.shard ? { shard: { index: options.shard.index + 1, count: options.shard.count, from: options.shard.source }, plannedRuns: planned.map((r) => r.id) } : {};
  writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(buildManifest(spec, { runs: runs.map((r) => r.id), seeds: [...new Set(runs.map((r) => r.seed))], ...shard }), null, 2) + '\n');

  const done = new Set(previous.map((r) => r.id));
  const todo = runs.filter((r) => !done.has(r.id));
  const progress = options.progress ?? createProgress({ quiet: options.quiet });
  const records = previous.filter((r) => runs.some((p) => p.id === r.id));
  const weightsDir = options.saveWeights ? join(outDir, 'weights') : undefined;
  const describe = (record: RunRecord) => {
    const acc = record.final.testAccuracy;
    return record.status === 'failed'
      ? `FAILED: ${record.error}`
      : `${record.status}${record.divergedAtEpoch ? ` at epoch ${record.divergedAtEpoch}` : ''}, test acc ${acc === null ? '—' : (100 * acc).toFixed(2) + '%'}, ${record.wallSeconds.toFixed(1)} s`;
  };
  const commit = (full: RunRecord) => {
    // A rule's figures go to their own file (they can be large), written before the run's line, so a
    // committed run always has them.
    const { ruleFigures, ...record } = full;
    if (ruleFigures) writeRuleFigures(outDir, record.id, ruleFigures);
    // One write call per complete line: a crash can lose the run in progress but never leave half a line.
    appendFileSync(runsPath, toJsonLine(record));
    records.push(record);
  };
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  // Worker threads know the built-in tasks only; a run on a registered task of the caller's stays in this thread.
  const portable = specIsPortable(spec) && Object.entries(tasks).every(([k, t]) => builtinTasks[k] === t);
  if (workers > 1 && todo.length > 1 && portable) {
    let done = 0;
    const epochsOf = new Map(todo.map((r) => [r.id, r.training.epochs]));
    if (!options.quiet) process.stderr.write(`Running ${todo.length} runs on ${Math.min(workers, todo.length)} worker threads\n`);
    await runOnWorkers(
      spec,
      todo,
      workers,
      (r) => {
        commit(r);
        progress.parallelFinished(r.id, ++done, todo.length, describe(r));
      },
      (id, epoch, text) => (epoch < 0 ? progress.note(text, id) : progress.parallelEpoch(id, epoch, epochsOf.get(id) ?? epoch, text)),
      weightsDir,
    );
  } else {
    if (workers > 1 && !portable && !options.quiet) process.stderr.write('--workers: this spec holds rule objects or registered tasks, which cannot be sent to worker threads; running in this thread\n');
    for (let i = 0; i < todo.length; i++) {
      const run = todo[i];
      progress.runStarted(i, todo.length, run.id, run.training.epochs);
      const record = await executeRun(run, spec.name, progress, weightsDir, tasks);
      commit(record);
      progress.runFinished(describe(record));
    }
  }
  const ordered = runs.map((r) => records.find((x) => x.id === r.id)).filter((r): r is RunRecord => r !== undefined);
  writeSummary(outDir, ordered);
  await options.afterRuns?.(outDir, ordered);
  if (!options.quiet) process.stderr.write(`\n${summaryTable(summarise(ordered))}\n\nResults in ${outDir}\n`);
  return ordered;
}
