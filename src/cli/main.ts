import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { ExperimentLoadError, listExperimentNames, loadExperiment } from '../experiment/load.js';
import { runExperiment } from '../experiment/runner.js';
import { SpecError } from '../experiment/validate.js';
import { reproduce } from '../experiment/reproduce.js';
import { applySet, AssignmentError, parseAssignments, resolveShard } from '../experiment/overrides.js';
import { applyOverrides, type ExperimentSpec } from '../experiment/spec.js';
import { builtinTasks } from '../tasks/registry.js';
import { reportFigures, writeReport, writeSimulationReport } from '../report/report.js';
import type { Figure } from '../plot/figure.js';
import { exportFigures } from '../report/static-export.js';
import { runSimulationExperiment, simulationFigures } from '../experiment/simulation-runner.js';
import { SimulationSpecError, type SimulationExperiment } from '../experiment/simulation.js';
import { type AnyResultsFolder, mergeResultsFolders, readAnyResultsFolder, writeSummary } from '../experiment/results-folder.js';
import { ResultsFolderError } from '../experiment/errors.js';
import { InterruptedError } from '../experiment/pool.js';
import { summarise, summaryTable } from '../experiment/summary.js';
import { simulationSummaryText } from '../experiment/simulation-summary.js';
import type { RunRecord, SimulationRecord } from '../experiment/records.js';
import { lockFolder } from '../experiment/folder-lock.js';
import { interruptExitCode, watchForInterrupts } from './interrupts.js';

/** A usage problem: printed with the command's help, exit code 2 (as Node CLIs do for bad arguments). */
export class UsageError extends Error {}

const MAIN_HELP = `plasticity — compare biologically plausible learning rules on the same networks, tasks and seeds

Usage: plasticity <command> [options]

Commands:
  run <experiment>   train every rule × task × seed of an experiment and write a results folder
  list               list the built-in rules, tasks and experiments
  report <dir>       rewrite summary.csv and report.html from a results folder
  merge <dir>...     combine results folders of one experiment (--out DIR)
  reproduce <dir>    rerun recorded runs and check they come out bit-identical (--run ID)
  help [command]     show help for a command

Run 'plasticity <command> --help' for a command's options.`;

const RUN_HELP = `Usage: plasticity run <experiment> [options]

<experiment> is a name from experiments/ (e.g. xor, mnist-backprop, cuba) or a path to a .ts/.mts file
whose default export is defineExperiment({...}) (training) or defineSimulation({...}) (simulation).

Options:
  --seeds <n|a,b,c>  how many seeds, or which: --seeds 3 runs seeds 1, 2, 3; --seeds 2,5 runs seeds 2 and 5
  --seed <k>         run seed k alone (--seed 2 is seed 2 only; --seeds 2 would be seeds 1 and 2)
  --epochs <n>       training only: override the number of training epochs
  --rules <a,b>      training only: run only these rules (labels or names)
  --tasks <a,b>      training only: run only these tasks
  --quick            use the experiment's quick setting (short smoke run)
  --set <path=value> override a setting (repeatable). Training: a dotted path into the spec, such as
                     training.optimiser.lr=0.1 or network.hidden=[512] (rule options via perRule or grid).
                     Simulation: a parameter, N=16000, or a list to sweep it, N=[4000,16000]
  --shard <k/n>      run only the k-th of n shards of the run list (also read from
                     SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX); merge the shards afterwards
  --out <dir>        results folder (default: results/<experiment>-<timestamp>)
  --resume           finish the runs missing from an existing results folder of this same setting
  --retry-failed     with --resume: run again the runs recorded as failed
  --overwrite        discard an existing results folder's runs and start again
  --png, --svg       also export every figure to <dir>/figures/ through headless Chromium
  --workers <n>      run n runs at a time in worker threads (results identical to --workers 1)
  --save-weights     training only: save each run's trained weights as NumPy .npy files in <dir>/weights/
  --quiet            no progress output
  -h, --help         show this help

Writes <dir>/manifest.json, runs.jsonl (one line per run), summary.csv and report.html. Ctrl-C or
SIGTERM stops at once; the runs finished so far stay recorded and --resume finishes the rest.
Exit codes: 0 all runs completed or diverged, 1 a run failed, 2 a usage or spec error (nothing ran),
130/143 interrupted.`;

const REPORT_HELP = `Usage: plasticity report <dir> [--png] [--svg] [--quiet]

Rebuilds <dir>/summary.csv and <dir>/report.html from <dir>/runs.jsonl (e.g. after editing figures,
or for a folder copied from a cluster). --png/--svg also write every figure to <dir>/figures/
through headless Chromium (Debian package chromium; or set $CHROMIUM).`;

const MERGE_HELP = `Usage: plasticity merge <dir> <dir>... --out <dir> [--overwrite] [--quiet]

Combines results folders of one experiment and one setting (shards from a cluster, or seeds run on
different machines) into a new folder with manifest.json, runs.jsonl, summary.csv and report.html.
Folders of another experiment or setting are refused, naming what differs; a run present in several
folders must be identical in each. --out must be a new or empty folder (or, with --overwrite, a results
folder to replace).`;

const REPRODUCE_HELP = `Usage: plasticity reproduce <dir> [--run ID]...

Reruns the runs recorded in <dir>/runs.jsonl (all, or those named with --run) from the spec stored in
<dir>/manifest.json, and checks that every metric and the trained weights come out bit-identical.
Exit code 0 when all match, 1 with a readable list of differences when not.`;

const LIST_HELP = `Usage: plasticity list

Lists the built-in learning rules, tasks and experiments, one line each.`;

/** --seeds: a count n (seeds 1..n) or a list; every seed an integer a double holds exactly, none twice. */
function parseSeeds(text: string, flag: string): number | number[] {
  const bad = () => new UsageError(`${flag}: expected a count like 3 or a list like 1,2,7; got "${text}"`);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1) throw new UsageError(`${flag}: a count of seeds must be at least 1, got ${text}`);
    if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: ${text} seeds is far more than one experiment runs`);
    return n;
  }
  const list = text.split(',').map((s) => s.trim());
  if (list.some((s) => !/^-?\d+$/.test(s))) throw bad();
  const seeds = list.map(Number);
  list.forEach((s, i) => {
    if (!Number.isSafeInteger(seeds[i])) throw new UsageError(`${flag}: seed ${s} is beyond 2^53 − 1, where seeds can no longer be told apart exactly`);
    if (seeds.indexOf(seeds[i]) !== i) throw new UsageError(`${flag}: seed ${s} is listed twice; each seed runs once`);
  });
  return seeds;
}

function timestamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function filterEntries<T>(entries: T[], wanted: string | undefined, label: (e: T) => string[], flag: string): T[] {
  if (!wanted) return entries;
  const names = wanted.split(',').map((s) => s.trim());
  const known = entries.flatMap(label);
  for (const n of names) if (!known.includes(n)) throw new UsageError(`${flag}: "${n}" is not in this experiment; it has ${[...new Set(known)].join(', ')}`);
  return entries.filter((e) => label(e).some((l) => names.includes(l)));
}

const RUN_OPTIONS = {
  seeds: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' }, rules: { type: 'string' }, tasks: { type: 'string' },
  quick: { type: 'boolean' }, out: { type: 'string' }, resume: { type: 'boolean' }, overwrite: { type: 'boolean' }, 'retry-failed': { type: 'boolean' },
  quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, set: { type: 'string', multiple: true }, 'save-weights': { type: 'boolean' },
  shard: { type: 'string' }, workers: { type: 'string' }, png: { type: 'boolean' }, svg: { type: 'boolean' },
} as const;

type RunValues = ReturnType<typeof parseArgs<{ options: typeof RUN_OPTIONS; allowPositionals: true }>>['values'];

/** The command that finishes an interrupted run: the same arguments, with --resume and the folder it wrote. */
function resumeCommand(argv: string[], outDir: string): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--overwrite' || argv[i] === '--resume') continue;
    if (argv[i] === '--out') {
      i++;
      continue;
    }
    if (argv[i].startsWith('--out=')) continue;
    kept.push(/^[\w./=:,@%+-]+$/.test(argv[i]) ? argv[i] : `'${argv[i].replace(/'/g, `'\\''`)}'`);
  }
  return `plasticity run ${kept.join(' ')} --resume --out ${/^[\w./-]+$/.test(outDir) ? outDir : `'${outDir}'`}`;
}

async function cmdRun(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: RUN_OPTIONS });
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`run: expected exactly one experiment name or path, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out: expected a folder path, got an empty string');
  if (values.seed !== undefined && values.seeds !== undefined) throw new UsageError('--seed and --seeds both choose the seeds; pass one');
  let seeds: number | number[] | undefined;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed: expected one integer seed, got "${values.seed}"`);
    if (!Number.isSafeInteger(Number(values.seed))) throw new UsageError(`--seed: ${values.seed} is beyond 2^53 − 1, where seeds can no longer be told apart exactly`);
    seeds = [Number(values.seed)];
  } else if (values.seeds !== undefined) seeds = parseSeeds(values.seeds, '--seeds');
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers)) throw new UsageError(`--workers: expected a positive integer, got "${values.workers}"`);
  if (values.epochs !== undefined && !/^\d+$/.test(values.epochs)) throw new UsageError(`--epochs: expected a non-negative integer, got "${values.epochs}"`);
  if (values.resume && values.overwrite) throw new UsageError('--resume and --overwrite contradict each other: resume keeps the recorded runs, overwrite discards them; pass one');
  if (values['retry-failed'] && !values.resume) throw new UsageError('--retry-failed needs --resume (it runs again the failed runs of an existing folder)');
  const assignments = parseAssignments(values.set ?? []);
  let shard;
  try {
    shard = resolveShard(values.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { experiment: loaded, file } = await loadExperiment(positionals[0]);
  const interrupts = watchForInterrupts();
  try {
    if ('kind' in loaded && loaded.kind === 'simulation') return await runSimulation(loaded, file, values, seeds, assignments, shard, interrupts.signal);
    return await runTraining(loaded as ExperimentSpec, file, values, seeds, assignments, shard, interrupts.signal);
  } catch (e) {
    if (e instanceof InterruptedError) {
      const outDir = e.outDir;
      process.stderr.write(
        `\nplasticity: interrupted (${e.reason}); ${e.recorded ?? 0} of ${e.total ?? '?'} runs recorded${outDir ? ` in ${outDir}` : ''}` +
          (outDir ? `; resume with:\n  ${resumeCommand(['run', ...argv].slice(1), outDir)}\n` : '\n'),
      );
      return interruptExitCode(e.reason);
    }
    throw e;
  } finally {
    interrupts.stop();
  }
}

type Shard = ReturnType<typeof resolveShard>;

async function runSimulation(e: SimulationExperiment, file: string, values: RunValues, seeds: number | number[] | undefined, assignments: { path: string; value: unknown }[], shard: Shard, signal: AbortSignal): Promise<number> {
  for (const flag of ['epochs', 'rules', 'tasks', 'save-weights'] as const) {
    if (values[flag] !== undefined) {
      throw new UsageError(`--${flag} does not apply to "${e.name}", a simulation experiment (it has parameters, not rules, tasks or training epochs); set its parameters with --set name=value: ${Object.keys(e.params).join(', ')}`);
    }
  }
  const params: Record<string, unknown> = {};
  for (const { path, value } of assignments) {
    const name = path.startsWith('params.') ? path.slice(7) : path;
    if (name.includes('.')) throw new UsageError(`--set ${path}: a simulation experiment takes parameter names (${Object.keys(e.params).join(', ')}), not dotted paths`);
    params[name] = value;
  }
  const outDir = values.out ?? `results/${e.name}${values.quick ? '-quick' : ''}${shard ? `-shard${shard.index + 1}of${shard.count}` : ''}-${timestamp()}`;
  const records = await runSimulationExperiment(e, {
    outDir, params, seeds, quick: values.quick, resume: values.resume, overwrite: values.overwrite, retryFailed: values['retry-failed'], quiet: values.quiet,
    workers: values.workers ? Number(values.workers) : 1, threads: true, workerModule: file, signal, shard,
    writeReport: (dir, recs, figs) => {
      const path = writeSimulationReport(dir, `${e.name}${values.quick ? ' (quick setting)' : ''}`, e.description, recs, figs);
      if (!values.quiet) process.stderr.write(`Report: ${path}\n`);
      staticExport(dir, figs, values, false);
    },
  });
  return records.some((r) => r.status === 'failed') ? 1 : 0;
}

async function runTraining(loaded: ExperimentSpec, file: string, values: RunValues, seeds: number | number[] | undefined, assignments: { path: string; value: unknown }[], shard: Shard, signal: AbortSignal): Promise<number> {
  let spec: ExperimentSpec = loaded;
  if (values.quick) spec = applyOverrides(spec, spec.quick);
  if (seeds !== undefined) spec = { ...spec, seeds };
  if (values.epochs) spec = { ...spec, training: { ...spec.training, epochs: Number(values.epochs) } };
  spec = {
    ...spec,
    rules: filterEntries(spec.rules, values.rules, (e) => (typeof e === 'string' ? [e] : [e.label ?? '', typeof e.rule === 'string' ? e.rule : e.rule.name].filter(Boolean)), '--rules'),
    tasks: filterEntries(spec.tasks, values.tasks, (e) => (typeof e === 'string' ? [e] : [e.label ?? '', e.task].filter(Boolean)), '--tasks'),
  };
  // Per-rule and per-task settings of rules and tasks left out by --rules/--tasks no longer apply (validation
  // would otherwise reject them as naming rules the experiment does not have).
  if (values.tasks) {
    const kept = new Set(spec.tasks.flatMap((e) => (typeof e === 'string' ? [e] : [e.label, e.task].filter((x): x is string => Boolean(x)))));
    if (spec.perTask) spec = { ...spec, perTask: Object.fromEntries(Object.entries(spec.perTask).filter(([k]) => kept.has(k))) };
    // A rule limited to some tasks keeps those still run, and is left out when none is.
    const labels = new Set(spec.tasks.map((t) => (typeof t === 'string' ? t : (t.label ?? t.task))));
    const narrowed = spec.rules.map((e) => (typeof e === 'string' || !e.tasks ? e : { ...e, tasks: e.tasks.filter((t) => labels.has(t)) }));
    const running = narrowed.filter((e) => typeof e === 'string' || !e.tasks || e.tasks.length > 0);
    if (running.length === 0) {
      const where = spec.rules.map((e) => (typeof e === 'string' || !e.tasks ? null : `${e.label ?? (typeof e.rule === 'string' ? e.rule : e.rule.name)} on ${e.tasks.join(', ')}`)).filter(Boolean);
      throw new UsageError(`--tasks ${values.tasks}: none of the rules chosen runs on ${labels.size === 1 ? 'that task' : 'those tasks'} (${where.join('; ')})`);
    }
    spec = { ...spec, rules: running };
  }
  if ((values.rules || values.tasks) && spec.perRule) {
    const kept = new Set(spec.rules.flatMap((e) => (typeof e === 'string' ? [e] : [e.label, typeof e.rule === 'string' ? e.rule : e.rule.name].filter((x): x is string => Boolean(x)))));
    spec = { ...spec, perRule: Object.fromEntries(Object.entries(spec.perRule).filter(([k]) => kept.has(k))) };
  }
  spec = applySet(spec, assignments);
  const outDir = values.out ?? `results/${spec.name}${values.quick ? '-quick' : ''}${shard ? `-shard${shard.index + 1}of${shard.count}` : ''}-${timestamp()}`;
  const records = await runExperiment(spec, {
    shard,
    workers: values.workers ? Number(values.workers) : 1,
    threads: true,
    workerModule: file,
    signal,
    outDir,
    rules: builtinRules,
    resume: values.resume,
    retryFailed: values['retry-failed'],
    overwrite: values.overwrite,
    quiet: values.quiet,
    saveWeights: values['save-weights'],
    afterRuns: (dir, recs) => {
      const path = writeReport(dir, `${spec.name}${values.quick ? ' (quick setting)' : ''}`, spec.description, recs);
      if (!values.quiet) process.stderr.write(`Report: ${path}\n`);
      staticExport(dir, reportFigures(dir, recs), values, false);
    },
  });
  return records.some((r) => r.status === 'failed' || r.weightsError) ? 1 : 0;
}

function reportTitle(manifest: Record<string, unknown>): [string, string] {
  return [String(manifest.experiment ?? 'experiment'), String(manifest.description ?? '')];
}

/** --png/--svg: writes <dir>/figures/; without Chromium prints why (and fails only when `strict`). */
function staticExport(dir: string, figures: Figure[], v: { png?: boolean; svg?: boolean; quiet?: boolean }, strict: boolean): void {
  const formats = [...(v.png ? ['png' as const] : []), ...(v.svg ? ['svg' as const] : [])];
  if (formats.length === 0) return;
  try {
    const files = exportFigures(figures, join(dir, 'figures'), formats);
    if (!v.quiet) process.stderr.write(`Exported ${files.length} files to ${join(dir, 'figures')}\n`);
  } catch (e) {
    if (strict) throw e;
    process.stderr.write(`plasticity: ${(e as Error).message}\n`);
  }
}

/** summary.csv and report.html of a folder of either kind; returns the report's path and the summary text. */
function writeFolderReport(folder: AnyResultsFolder): { path: string; text: string; figures: Figure[] } {
  writeSummary(folder.dir, folder);
  const [title, description] = reportTitle(folder.manifest);
  if (folder.kind === 'simulation') {
    const figures = simulationFigures(folder.dir);
    const records = folder.records as SimulationRecord[];
    return { path: writeSimulationReport(folder.dir, title, description, records, figures), text: simulationSummaryText(records), figures };
  }
  const records = folder.records as RunRecord[];
  return { path: writeReport(folder.dir, title, description, records), text: summaryTable(summarise(records)), figures: reportFigures(folder.dir, records) };
}

function cmdReport(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean' }, png: { type: 'boolean' }, svg: { type: 'boolean' } } });
  if (values.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`report: expected one results folder, got ${positionals.length}`);
  const folder = readAnyResultsFolder(positionals[0], (m) => process.stderr.write(`${m}\n`));
  // The report rewrites summary.csv and report.html: not while a run is writing the folder.
  const lock = lockFolderOrExplain(folder.dir);
  try {
    const { path, text, figures } = writeFolderReport(folder);
    if (!values.quiet) console.error(`${text}\n\nReport: ${path}`);
    staticExport(folder.dir, figures, values, true);
  } finally {
    lock.release();
  }
  return 0;
}

function lockFolderOrExplain(dir: string) {
  try {
    return lockFolder(dir);
  } catch (e) {
    throw new ResultsFolderError((e as Error).message);
  }
}

function cmdMerge(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, quiet: { type: 'boolean' }, overwrite: { type: 'boolean' } } });
  if (values.help) {
    console.log(MERGE_HELP);
    return 0;
  }
  if (!values.out || values.out.trim() === '') throw new UsageError('merge: --out <dir> is required');
  if (positionals.length === 0) throw new UsageError('merge: name the results folders to combine');
  const merged = mergeResultsFolders(positionals, values.out, { overwrite: values.overwrite, log: (m) => process.stderr.write(`${m}\n`) });
  const lock = lockFolderOrExplain(merged.dir);
  try {
    const { path, text } = writeFolderReport(merged);
    if (!values.quiet) console.error(`${text}\n\nMerged ${merged.records.length} runs into ${merged.dir}\nReport: ${path}`);
  } finally {
    lock.release();
  }
  return 0;
}

async function cmdReproduce(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, run: { type: 'string', multiple: true } } });
  if (values.help) {
    console.log(REPRODUCE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`reproduce: expected one results folder, got ${positionals.length}`);
  const results = await reproduce(positionals[0], builtinRules, values.run);
  for (const r of results) {
    console.log(`${r.identical ? 'identical ' : 'DIFFERENT '} ${r.id}`);
    for (const d of r.differences) console.log(`    ${d}`);
  }
  const bad = results.filter((r) => !r.identical).length;
  console.log(bad ? `${bad} of ${results.length} runs differ` : `all ${results.length} runs reproduced bit for bit`);
  return bad ? 1 : 0;
}

function cmdList(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(LIST_HELP);
    return 0;
  }
  const pad = (rows: [string, string][]) => {
    const w = Math.max(...rows.map((r) => r[0].length));
    return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n');
  };
  console.log('Rules:');
  console.log(pad(Object.values(builtinRules).map((r) => [r.name, `${r.summary} [${r.regime}]`])));
  console.log('\nTasks:');
  console.log(pad(Object.values(builtinTasks).map((t) => [t.name, t.summary])));
  console.log('\nExperiments (plasticity run <name>):');
  console.log(pad(listExperimentNames().map((n) => [n, ''])));
  return 0;
}

/** Errors that mean "nothing was run because the request was wrong": exit code 2. */
const USAGE_ERRORS = [UsageError, SpecError, SimulationSpecError, ResultsFolderError, ExperimentLoadError, AssignmentError];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        console.log(MAIN_HELP);
        return 0;
      case 'help':
        console.log({ run: RUN_HELP, list: LIST_HELP, report: REPORT_HELP, merge: MERGE_HELP, reproduce: REPRODUCE_HELP }[rest[0]] ?? MAIN_HELP);
        return 0;
      case 'run':
        return await cmdRun(rest);
      case 'list':
        return cmdList(rest);
      case 'report':
        return cmdReport(rest);
      case 'merge':
        return cmdMerge(rest);
      case 'reproduce':
        return await cmdReproduce(rest);
      default:
        throw new UsageError(`unknown command "${command}"; commands are run, list, report, merge, reproduce, help`);
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof SpecError) {
      console.error(`plasticity: invalid experiment: ${err.message}`);
      return 2;
    }
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`plasticity: ${err.message}\nRun 'plasticity ${command ?? ''} --help' for usage.`);
      return 2;
    }
    if (USAGE_ERRORS.some((c) => e instanceof c)) {
      console.error(`plasticity: ${err.message}`);
      return 2;
    }
    console.error(`plasticity: ${err.message ?? String(e)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
