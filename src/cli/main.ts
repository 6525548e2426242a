import { parseArgs } from 'node:util';
import { builtinRules } from '../../rules/index.js';
import { listExperimentNames, loadExperiment } from '../experiment/load.js';
import { runExperiment } from '../experiment/runner.js';
import { SpecError } from '../experiment/validate.js';
import { reproduce } from '../experiment/reproduce.js';
import { applySet, resolveShard } from '../experiment/overrides.js';
import { applyOverrides, type ExperimentSpec } from '../experiment/spec.js';
import { builtinTasks } from '../tasks/registry.js';
import { join } from 'node:path';
import { reportFigures, writeReport, writeSimulationReport } from '../report/report.js';
import type { Figure } from '../plot/figure.js';
import { exportFigures } from '../report/static-export.js';
import { runSimulationExperiment } from '../experiment/simulation.js';
import { mergeResultsFolders, readResultsFolder, writeSummary } from '../experiment/results-folder.js';
import { summarise, summaryTable } from '../experiment/summary.js';

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

<experiment> is a name from experiments/ (e.g. xor, mnist-backprop) or a path to a .ts file
whose default export is defineExperiment({...}).

Options:
  --seeds <n|a,b,c>  number of seeds (1..n) or an explicit list            (default: the experiment's)
  --epochs <n>       override the number of training epochs
  --rules <a,b>      run only these rules (labels or names)
  --tasks <a,b>      run only these tasks
  --quick            use the experiment's quick setting (short smoke run)
  --set <path=value> override a setting (repeatable): training.optimiser.lr=0.1, network.hidden=[512],
                     rule options via perRule, or a simulation parameter such as N=16000
  --shard <k/n>      run only the k-th of n shards of the run list (also read from
                     SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX); merge the shards afterwards
  --out <dir>        results folder (default: results/<experiment>-<timestamp>)
  --resume           finish the runs missing from an existing results folder
  --overwrite        discard an existing folder's runs and start again
  --png, --svg       also export every figure to <dir>/figures/ through headless Chromium
  --workers <n>      run n runs at a time in worker threads (results identical to --workers 1)
  --save-weights     save each run's trained weights as NumPy .npy files in <dir>/weights/<run>/
  --quiet            no progress output
  -h, --help         show this help

Writes <dir>/manifest.json, runs.jsonl (one line per run), summary.csv and report.html.`;

const REPORT_HELP = `Usage: plasticity report <dir> [--png] [--svg] [--quiet]

Rebuilds <dir>/summary.csv and <dir>/report.html from <dir>/runs.jsonl (e.g. after editing figures,
or for a folder copied from a cluster). --png/--svg also write every figure to <dir>/figures/
through headless Chromium (Debian package chromium; or set $CHROMIUM).`;

const MERGE_HELP = `Usage: plasticity merge <dir> <dir>... --out <dir> [--quiet]

Combines results folders of the same experiment (halves run in parallel, shards from a cluster) into
one folder with manifest.json, runs.jsonl, summary.csv and report.html. A run present in several
folders must have bit-identical weights in each.`;

const REPRODUCE_HELP = `Usage: plasticity reproduce <dir> [--run ID]...

Reruns the runs recorded in <dir>/runs.jsonl (all, or those named with --run) from the spec stored in
<dir>/manifest.json, and checks that every metric and the trained weights come out bit-identical.
Exit code 0 when all match, 1 with a readable list of differences when not.`;

const LIST_HELP = `Usage: plasticity list

Lists the built-in learning rules, tasks and experiments, one line each.`;

function parseSeeds(text: string): number | number[] {
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((s) => s.trim());
  if (list.some((s) => !/^-?\d+$/.test(s))) throw new UsageError(`--seeds: expected a count like 3 or a list like 1,2,7; got "${text}"`);
  return list.map(Number);
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

async function cmdRun(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seeds: { type: 'string' }, epochs: { type: 'string' }, rules: { type: 'string' }, tasks: { type: 'string' },
      quick: { type: 'boolean' }, out: { type: 'string' }, resume: { type: 'boolean' }, overwrite: { type: 'boolean' },
      quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, set: { type: 'string', multiple: true }, 'save-weights': { type: 'boolean' }, shard: { type: 'string' }, workers: { type: 'string' }, png: { type: 'boolean' }, svg: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`run: expected exactly one experiment name or path, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  const loaded = await loadExperiment(positionals[0]);
  if ('kind' in loaded && loaded.kind === 'simulation') {
    const params: Record<string, number> = {};
    for (const kv of values.set ?? []) {
      const m = /^([\w.-]+)=(.+)$/.exec(kv);
      if (!m || !Number.isFinite(Number(m[2]))) throw new UsageError(`--set: expected name=number, got "${kv}"`);
      params[m[1]] = Number(m[2]);
    }
    const outDir = values.out ?? `results/${loaded.name}${values.quick ? '-quick' : ''}-${timestamp()}`;
    const records = await runSimulationExperiment(loaded, {
      outDir, params, quick: values.quick, resume: values.resume, overwrite: values.overwrite, quiet: values.quiet,
      seeds: values.seeds ? parseSeeds(values.seeds) : undefined,
      writeReport: (dir, recs, figs) => {
        const path = writeSimulationReport(dir, `${loaded.name}${values.quick ? ' (quick setting)' : ''}`, loaded.description, recs, figs);
        if (!values.quiet) process.stderr.write(`Report: ${path}\n`);
        staticExport(dir, figs, values, false);
      },
    });
    return records.some((r) => r.status === 'failed') ? 1 : 0;
  }
  let spec: ExperimentSpec = loaded as ExperimentSpec;
  if (values.quick) spec = applyOverrides(spec, spec.quick);
  if (values.seeds) spec = { ...spec, seeds: parseSeeds(values.seeds) };
  if (values.epochs) {
    if (!/^\d+$/.test(values.epochs)) throw new UsageError(`--epochs: expected a non-negative integer, got "${values.epochs}"`);
    spec = { ...spec, training: { ...spec.training, epochs: Number(values.epochs) } };
  }
  spec = {
    ...spec,
    rules: filterEntries(spec.rules, values.rules, (e) => (typeof e === 'string' ? [e] : [e.label ?? '', typeof e.rule === 'string' ? e.rule : e.rule.name].filter(Boolean)), '--rules'),
    tasks: filterEntries(spec.tasks, values.tasks, (e) => (typeof e === 'string' ? [e] : [e.label ?? '', e.task].filter(Boolean)), '--tasks'),
  };
  // Per-rule and per-task settings of rules and tasks left out by --rules/--tasks no longer apply (validation
  // would otherwise reject them as naming rules the experiment does not have).
  if (values.rules && spec.perRule) {
    const kept = new Set(spec.rules.flatMap((e) => (typeof e === 'string' ? [e] : [e.label, typeof e.rule === 'string' ? e.rule : e.rule.name].filter((x): x is string => Boolean(x)))));
    spec = { ...spec, perRule: Object.fromEntries(Object.entries(spec.perRule).filter(([k]) => kept.has(k))) };
  }
  if (values.tasks && spec.perTask) {
    const kept = new Set(spec.tasks.map((e) => (typeof e === 'string' ? e : e.task)));
    spec = { ...spec, perTask: Object.fromEntries(Object.entries(spec.perTask).filter(([k]) => kept.has(k))) };
  }
  if (values.set?.length) spec = applySet(spec, values.set);
  let shard;
  try {
    shard = resolveShard(values.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const outDir = values.out ?? `results/${spec.name}${values.quick ? '-quick' : ''}${shard ? `-shard${shard.index + 1}of${shard.count}` : ''}-${timestamp()}`;
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers)) throw new UsageError(`--workers: expected a positive integer, got "${values.workers}"`);
  const records = await runExperiment(spec, {
    shard,
    workers: values.workers ? Number(values.workers) : 1,
    outDir,
    rules: builtinRules,
    resume: values.resume,
    overwrite: values.overwrite,
    quiet: values.quiet,
    saveWeights: values['save-weights'],
    afterRuns: (dir, recs) => {
      const path = writeReport(dir, `${spec.name}${values.quick ? ' (quick setting)' : ''}`, spec.description, recs);
      if (!values.quiet) process.stderr.write(`Report: ${path}\n`);
      staticExport(dir, reportFigures(dir, recs), values, false);
    },
  });
  return records.some((r) => r.status === 'failed') ? 1 : 0;
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

function cmdReport(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean' }, png: { type: 'boolean' }, svg: { type: 'boolean' } } });
  if (values.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`report: expected one results folder, got ${positionals.length}`);
  const folder = readResultsFolder(positionals[0]);
  writeSummary(folder.dir, folder.records);
  const path = writeReport(folder.dir, ...reportTitle(folder.manifest), folder.records);
  if (!values.quiet) console.error(`${summaryTable(summarise(folder.records))}\n\nReport: ${path}`);
  staticExport(folder.dir, reportFigures(folder.dir, folder.records), values, true);
  return 0;
}

function cmdMerge(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, quiet: { type: 'boolean' } } });
  if (values.help) {
    console.log(MERGE_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError('merge: --out <dir> is required');
  if (positionals.length === 0) throw new UsageError('merge: name the results folders to combine');
  const merged = mergeResultsFolders(positionals, values.out);
  const path = writeReport(merged.dir, ...reportTitle(merged.manifest), merged.records);
  if (!values.quiet) console.error(`${summaryTable(summarise(merged.records))}\n\nMerged ${merged.records.length} runs into ${merged.dir}\nReport: ${path}`);
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
    console.error(`plasticity: ${err.message}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
