import { parseArgs } from 'node:util';
import { builtinRules } from '../../rules/index.js';
import { listExperimentNames, loadExperiment } from '../experiment/load.js';
import { runExperiment } from '../experiment/runner.js';
import { applyOverrides, type ExperimentSpec } from '../experiment/spec.js';
import { builtinTasks } from '../tasks/registry.js';
import { writeReport } from '../plot/report.js';

/** A usage problem: printed with the command's help, exit code 2 (as Node CLIs do for bad arguments). */
export class UsageError extends Error {}

const MAIN_HELP = `plasticity — compare biologically plausible learning rules on the same networks, tasks and seeds

Usage: plasticity <command> [options]

Commands:
  run <experiment>   train every rule × task × seed of an experiment and write a results folder
  list               list the built-in rules, tasks and experiments
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
  --out <dir>        results folder (default: results/<experiment>-<timestamp>)
  --resume           finish the runs missing from an existing results folder
  --overwrite        discard an existing folder's runs and start again
  --quiet            no progress output
  -h, --help         show this help

Writes <dir>/manifest.json, runs.jsonl (one line per run), summary.csv and report.html.`;

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
      quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`run: expected exactly one experiment name or path, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  let spec: ExperimentSpec = await loadExperiment(positionals[0]);
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
  const outDir = values.out ?? `results/${spec.name}${values.quick ? '-quick' : ''}-${timestamp()}`;
  const records = await runExperiment(spec, {
    outDir,
    rules: builtinRules,
    resume: values.resume,
    overwrite: values.overwrite,
    quiet: values.quiet,
    afterRuns: (dir, recs) => {
      const path = writeReport(dir, `${spec.name}${values.quick ? ' (quick setting)' : ''}`, spec.description, recs);
      if (!values.quiet) process.stderr.write(`Report: ${path}\n`);
    },
  });
  return records.some((r) => r.status === 'failed') ? 1 : 0;
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
        console.log(rest[0] === 'run' ? RUN_HELP : rest[0] === 'list' ? LIST_HELP : MAIN_HELP);
        return 0;
      case 'run':
        return await cmdRun(rest);
      case 'list':
        return cmdList(rest);
      default:
        throw new UsageError(`unknown command "${command}"; commands are run, list, help`);
    }
  } catch (e) {
    const err = e as Error & { code?: string };
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
