/**
 * A hostile user's pass over the CLI: bad specs and flags, bad --set values, corrupt and foreign results
 * folders, two writers at once, signals and kills at awkward moments. Each case states the outcome a mature
 * tool gives (an exit code and a message naming the field, file or value), and every case that touches an
 * existing folder also checks that nothing already written was lost or changed. The classes are covered by
 * the vitest suites (test/cli/*.test.ts); this script is the audit that produces the table of a release note.
 *
 *   npx tsx test/hostile/hostile-pass.ts            # all cases, a table at the end
 *   npx tsx test/hostile/hostile-pass.ts --only lock
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src/cli/plasticity.js');
const { values } = parseArgs({ options: { only: { type: 'string' } } });

interface Outcome {
  code: number;
  stderr: string;
}
type Verdict = 'named, exit 2' | 'clear, other exit' | 'works as documented' | 'unclear' | 'lost or mixed';
interface Case {
  name: string;
  /** Prepares `dir` (a fresh folder) before the attack; a folder marked `untouched` is hashed after this. */
  setup?(dir: string): unknown;
  /** Runs the attack in `dir` and returns what the CLI did. */
  attack(dir: string): Outcome | Promise<Outcome>;
  /** The expected exit code and a pattern the message must match. */
  code: number;
  message: RegExp;
  /** A folder that must come out byte for byte as it went in. */
  untouched?: (dir: string) => string;
  /** A further check of the data (e.g. a resume equals an uninterrupted run); returns a problem or null. */
  check?: (dir: string) => string | null;
}

const run = (args: string[], env: NodeJS.ProcessEnv = {}): Outcome => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stderr: r.stderr + r.stdout };
};
const fresh = () => mkdtempSync(join(tmpdir(), 'hostile-'));

/** SHA-256 over a folder's files (names and bytes; the lock file aside). */
function folderHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      if (f === '.lock') continue;
      const p = join(d, f);
      h.update(p.slice(dir.length));
      if (statSync(p).isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

const XOR = ['run', 'xor', '--quick', '--seeds', '1,2', '--quiet'];
const CUBA = ['run', 'cuba', '--seed', '1', '--set', 'N=400', '--set', 'durationMs=50', '--quiet'];
const LONG = ['run', 'xor', '--seeds', '1,2,3', '--set', 'training.epochs=5000', '--quiet'];

/** A finished xor folder to copy from. */
const template = fresh();
if (run([...XOR, '--out', join(template, 'done')]).code !== 0) throw new Error('could not make the template folder');
const DONE = join(template, 'done');
const doneLines = readFileSync(join(DONE, 'runs.jsonl'), 'utf8').trim().split('\n');

/** A copy of the finished folder in `dir`, with its runs.jsonl lines replaced. */
function copyWith(dir: string, lines: string[] = doneLines, manifest = readFileSync(join(DONE, 'manifest.json'), 'utf8')): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), manifest);
  writeFileSync(join(dir, 'runs.jsonl'), lines.map((l) => `${l}\n`).join(''));
  return dir;
}
const edit = (i: number, change: (r: Record<string, unknown>) => unknown) => doneLines.map((l, k) => (k === i ? JSON.stringify(change(JSON.parse(l))) : l));
function experiment(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const SPEC = (fields: string) => `import { defineExperiment } from ${JSON.stringify(join(ROOT, 'src/experiment/spec.ts'))};\nexport default defineExperiment({ name: 'h', description: 'hostile', rules: ['backprop'], tasks: ['xor'], seeds: 1, network: { hidden: [4], activation: 'tanh', output: 'sigmoid' }, training: { epochs: 1, batchSize: 4, loss: 'mse', optimiser: { kind: 'sgd', lr: 0.5 } }, ${fields} });\n`;

const signalled = async (dir: string, signal: NodeJS.Signals | 'parent'): Promise<Outcome> => {
  const out = join(dir, 'out');
  const lines = () => (existsSync(join(out, 'runs.jsonl')) ? readFileSync(join(out, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);
  const args = [...LONG, '--out', out];
  const child = signal === 'parent'
    ? spawn('sh', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} & wait`], { cwd: ROOT })
    : spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number>((r) => child.on('exit', (c, s) => r(c ?? (s ? 128 : -1))));
  while (lines() < 1) await new Promise((r) => setTimeout(r, 25));
  child.kill(signal === 'parent' ? 'SIGKILL' : signal);
  const code = await exited;
  if (signal === 'parent') {
    // The orphan must stop by itself: wait until the lock is gone, then check nothing more is written.
    for (let i = 0; i < 200 && existsSync(join(out, '.lock')); i++) await new Promise((r) => setTimeout(r, 50));
    const n = lines();
    await new Promise((r) => setTimeout(r, 1500));
    return { code: existsSync(join(out, '.lock')) || lines() !== n ? -1 : 0, stderr: existsSync(join(out, '.lock')) ? 'the orphan kept running' : 'the orphan stopped, nothing written after' };
  }
  return { code, stderr };
};

/** After an interruption: the resume of the folder equals an uninterrupted run. */
function resumeEqualsWhole(dir: string): string | null {
  const out = join(dir, 'out'), whole = join(dir, 'whole');
  const r = run([...LONG, '--out', out, '--resume']);
  if (r.code !== 0) return `resume failed: ${r.stderr}`;
  run([...LONG, '--out', whole]);
  const norm = (d: string) => readFileSync(join(d, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((x) => JSON.stringify({ ...x, wallSeconds: 0, epochs: x.epochs.map((e: Record<string, unknown>) => ({ ...e, seconds: 0 })) })).sort().join('\n');
  return norm(out) === norm(whole) ? null : 'the resumed folder differs from an uninterrupted run';
}

const cases: Case[] = [
  // Experiments and flags.
  { name: 'unknown experiment', attack: () => run(['run', 'nope']), code: 2, message: /unknown experiment "nope"; experiments are/ },
  { name: 'a folder as the experiment', attack: () => run(['run', join(ROOT, 'experiments')]), code: 2, message: /is a folder; expected an experiment file/ },
  { name: 'experiment file that throws at import', attack: () => run(['run', join(ROOT, 'test/cli/fixtures/throws-at-import.ts'), '--out', fresh()]), code: 2, message: /throws-at-import\.ts: loading the experiment failed \(at .*:5:/ },
  { name: 'experiment file without a default export', attack: (d) => run(['run', experiment(d, 'e.mts', 'export const x = 1;\n')]), code: 2, message: /expected a default export made with defineExperiment/ },
  { name: 'experiment file that is not a module', attack: (d) => run(['run', experiment(d, 'e.txt', 'hello')]), code: 2, message: /e\.txt does not exist|expected a TypeScript or JavaScript module/ },
  { name: 'experiment file with a syntax error', attack: (d) => run(['run', experiment(d, 'e.mts', 'export default {{;\n'), '--out', join(d, 'o')]), code: 2, message: /e\.mts: loading the experiment failed/ },
  { name: '--seeds two', attack: () => run(['run', 'xor', '--seeds', 'two']), code: 2, message: /--seeds: expected a count like 3 or a list like 1,2,7; got "two"/ },
  { name: '--seeds 0', attack: () => run(['run', 'xor', '--seeds', '0']), code: 2, message: /--seeds: a count of seeds must be at least 1/ },
  { name: '--seeds 1,1', attack: () => run(['run', 'xor', '--seeds', '1,1']), code: 2, message: /--seeds: seed 1 is listed twice/ },
  { name: '--seeds above 2^53', attack: () => run(['run', 'xor', '--seeds', '3,9007199254740993']), code: 2, message: /seed 9007199254740993 is beyond 2\^53 − 1/ },
  { name: '--seeds 100000000', attack: (d) => run(['run', 'xor', '--seeds', '100000000', '--out', d]), code: 2, message: /100000000 seeds is more than the 100000/ },
  { name: '--seed x', attack: () => run(['run', 'xor', '--seed', 'x']), code: 2, message: /--seed: expected one integer seed, got "x"/ },
  { name: '--seed with --seeds', attack: () => run(['run', 'xor', '--seed', '1', '--seeds', '2']), code: 2, message: /--seed and --seeds both choose the seeds/ },
  { name: '--epochs -1', attack: () => run(['run', 'xor', '--epochs', '-1']), code: 2, message: /--epochs/ },
  { name: '--epochs abc', attack: () => run(['run', 'xor', '--epochs', 'abc']), code: 2, message: /--epochs: expected a non-negative integer, got "abc"/ },
  { name: '--workers 0', attack: () => run(['run', 'xor', '--workers', '0']), code: 2, message: /--workers: expected a positive integer, got "0"/ },
  { name: '--workers 2.5', attack: () => run(['run', 'xor', '--workers', '2.5']), code: 2, message: /--workers: expected a positive integer, got "2\.5"/ },
  { name: '--shard 3/2', attack: () => run(['run', 'xor', '--shard', '3/2']), code: 2, message: /--shard: expected k\/n with 1 <= k <= n, got "3\/2"/ },
  { name: 'Slurm index beyond the count', attack: (d) => run(['run', 'xor', '--out', d], { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '2' }), code: 2, message: /SLURM_ARRAY_TASK_ID\/SLURM_ARRAY_TASK_COUNT: shard index 5 of 2 is not valid/ },
  { name: 'unknown flag', attack: () => run(['run', 'xor', '--bogus']), code: 2, message: /Unknown option '--bogus'/ },
  { name: 'unknown command', attack: () => run(['frobnicate']), code: 2, message: /unknown command "frobnicate"/ },
  { name: '--rules not in the experiment', attack: () => run(['run', 'xor', '--rules', 'hebb']), code: 2, message: /--rules: "hebb" is not in this experiment; it has backprop/ },
  { name: '--tasks not in the experiment', attack: () => run(['run', 'xor', '--tasks', 'mnist']), code: 2, message: /--tasks: "mnist" is not in this experiment; it has xor/ },
  // --set values.
  { name: '--set without =', attack: () => run(['run', 'xor', '--set', 'garbage']), code: 2, message: /--set: expected path=value/ },
  { name: '--set without a value', attack: () => run(['run', 'xor', '--set', 'training.epochs=']), code: 2, message: /--set training\.epochs: no value after "="/ },
  { name: '--set misspelt path', attack: (d) => run(['run', 'xor', '--set', 'training.epoch=3', '--out', d]), code: 2, message: /training: unknown key "epoch"; valid keys are epochs/ },
  { name: '--set hidden 10^9', attack: (d) => run(['run', 'xor', '--set', 'network.hidden=[1000000000]', '--out', d]), code: 2, message: /needs about [\d.]+ GB of memory, more than the [\d.]+ GB available/ },
  { name: '--set hidden negative', attack: (d) => run(['run', 'xor', '--set', 'network.hidden=[-1]', '--out', d]), code: 2, message: /network\.hidden: expected a list of positive integers .*got \[-1\]/ },
  { name: '--set hidden a string', attack: (d) => run(['run', 'xor', '--set', 'network.hidden=abc', '--out', d]), code: 2, message: /network\.hidden: expected a list of positive integers .*got "abc"/ },
  { name: '--set lr NaN', attack: (d) => run(['run', 'xor', '--set', 'training.optimiser.lr=NaN', '--out', d]), code: 2, message: /training\.optimiser\.lr: expected a finite number >= 0, got "NaN"/ },
  { name: '--set lr negative', attack: (d) => run(['run', 'xor', '--set', 'training.optimiser.lr=-1', '--out', d]), code: 2, message: /training\.optimiser\.lr: expected a finite number >= 0, got -1/ },
  { name: '--set batchSize 0', attack: (d) => run(['run', 'xor', '--set', 'training.batchSize=0', '--out', d]), code: 2, message: /training\.batchSize: expected a positive integer, got 0/ },
  { name: 'task option nTrain 0', attack: (d) => run(['run', 'xor', '--set', 'tasks=[{"task":"moons","options":{"nTrain":0}}]', '--out', d]), code: 2, message: /task "moons": option nTrain must be a positive integer, got 0/ },
  { name: 'empty MNIST test set', attack: (d) => run(['run', 'xor', '--set', 'tasks=[{"task":"mnist","options":{"testLimit":0}}]', '--out', d]), code: 2, message: /option testLimit must be a positive integer, got 0/ },
  { name: 'validation split leaves nothing', attack: (d) => run(['run', 'xor', '--set', 'tasks=[{"task":"xor","options":{"validation":4}}]', '--out', d]), code: 2, message: /would hold out 4 of 4 training examples/ },
  { name: 'unknown task option', attack: (d) => run(['run', 'xor', '--set', 'tasks=[{"task":"xor","options":{"nosie":1}}]', '--out', d]), code: 2, message: /unknown option "nosie" for task "xor"; valid options are noise/ },
  { name: 'rule option typo in a file', attack: (d) => run(['run', experiment(d, 'e.mts', SPEC("rules: [{ rule: 'feedback-alignment', options: { feedbackScal: 2 } }]")), '--out', join(d, 'o')]), code: 2, message: /rule "feedback-alignment": unknown option "feedbackScal"; valid options are feedbackInit, feedbackScale/ },
  { name: 'rule option of the wrong type', attack: (d) => run(['run', experiment(d, 'e.mts', SPEC("rules: [{ rule: 'feedback-alignment', options: { feedbackScale: 'big' } }]")), '--out', join(d, 'o')]), code: 2, message: /option "feedbackScale" must be a number/ },
  // Output folders.
  { name: "--out ''", attack: () => run([...XOR, '--out', '']), code: 2, message: /--out: expected a folder path, got an empty string/ },
  { name: '--out /proc/x', attack: () => run([...XOR, '--out', '/proc/plasticity-x']), code: 2, message: /--out: cannot create \/proc\/plasticity-x/ },
  { name: '--out is a file', setup: (d) => writeFileSync(join(d, 'f'), 'x'), attack: (d) => run([...XOR, '--out', join(d, 'f')]), code: 2, message: /is a file, not a folder/, untouched: (d) => d },
  { name: '--out holds a foreign manifest, summary and report', setup: (d) => { for (const f of ['manifest.json', 'summary.csv', 'report.html']) writeFileSync(join(d, f), `mine ${f}`); }, attack: (d) => run([...XOR, '--out', d, '--overwrite']), code: 2, message: /manifest\.json( is not the manifest of a plasticity results folder; refusing|: not valid JSON .*cannot be resumed or overwritten safely)/, untouched: (d) => d },
  { name: '--out holds unrelated files', setup: (d) => writeFileSync(join(d, 'notes.txt'), 'keep'), attack: (d) => run([...XOR, '--out', d]), code: 2, message: /holds files that are not a plasticity results folder \(notes\.txt\)/, untouched: (d) => d },
  { name: 'results exist, no flag', setup: (d) => copyWith(d), attack: (d) => run([...XOR, '--out', d]), code: 2, message: /already holds results of experiment "xor" \(2 runs recorded\)/, untouched: (d) => d },
  { name: '--resume --overwrite', setup: (d) => copyWith(d), attack: (d) => run([...XOR, '--out', d, '--resume', '--overwrite']), code: 2, message: /--resume and --overwrite contradict each other/, untouched: (d) => d },
  { name: '--retry-failed without --resume', attack: (d) => run([...XOR, '--out', d, '--retry-failed']), code: 2, message: /--retry-failed needs --resume/ },
  { name: 'resume with other epochs', setup: (d) => copyWith(d), attack: (d) => run([...XOR, '--out', d, '--resume', '--epochs', '9']), code: 2, message: /cannot resume .*\n\s+spec\.training\.epochs: \d+ → 9/, untouched: (d) => d },
  { name: 'resume with another learning rate', setup: (d) => copyWith(d), attack: (d) => run([...XOR, '--out', d, '--resume', '--set', 'training.optimiser.lr=0.3']), code: 2, message: /spec\.training\.optimiser\.lr: 0\.1 → 0\.3/, untouched: (d) => d },
  { name: 'resume with other task options', setup: (d) => copyWith(d), attack: (d) => run([...XOR, '--out', d, '--resume', '--set', 'tasks=[{"task":"xor","options":{"repeats":3}}]']), code: 2, message: /spec\.tasks\.0/, untouched: (d) => d },
  { name: 'resume with another experiment', setup: (d) => copyWith(d), attack: (d) => run([...CUBA, '--out', d, '--resume']), code: 2, message: /kind: "training" → "simulation"/, untouched: (d) => d },
  { name: 'resume with other seeds', setup: (d) => copyWith(d), attack: (d) => run(['run', 'xor', '--quick', '--seeds', '1,2,3', '--quiet', '--out', d, '--resume']), code: 2, message: /spec\.seeds: \[1,2\] → \[1,2,3\]/, untouched: (d) => d },
  {
    name: 'resume with nothing left to run',
    setup: (d) => copyWith(d),
    attack: (d) => run([...XOR, '--out', d, '--resume']),
    code: 0,
    message: /^$/,
    // summary.csv and report.html are derived and rewritten; the runs and the manifest must not change.
    check: (d) => (['manifest.json', 'runs.jsonl'].every((f) => readFileSync(join(d, f), 'utf8') === readFileSync(join(DONE, f), 'utf8')) ? null : 'the resume changed runs.jsonl or manifest.json'),
  },
  // runs.jsonl read back.
  ...([
    ['duplicated line', () => [doneLines[0], doneLines[1], doneLines[0]], /runs\.jsonl:3: run "backprop\/xor\/seed1" is recorded twice/],
    ['null line', () => [doneLines[0], 'null'], /runs\.jsonl:2: expected a training run record .*got null/],
    ['{} line', () => ['{}'], /runs\.jsonl:1: expected .*missing id/],
    ['42 line', () => ['42'], /runs\.jsonl:1: expected .*got 42/],
    ['record missing fields', () => edit(0, (r) => ({ ...r, final: undefined })), /runs\.jsonl:1: expected .*; missing final/],
    ['line of another experiment', () => edit(1, (r) => ({ ...r, experiment: 'cuba' })), /runs\.jsonl:2: run .* belongs to experiment "cuba"/],
    ['run id not planned', () => edit(1, (r) => ({ ...r, id: 'backprop/xor/seed7' })), /runs\.jsonl:2: run "backprop\/xor\/seed7" is not one of this folder's planned runs/],
    ['corrupt middle line', () => [doneLines[0], '{"id":', doneLines[1]], /runs\.jsonl:2: not valid JSON/],
  ] as const).flatMap(([what, lines, message]) => [
    { name: `report: ${what}`, setup: (d: string) => copyWith(d, [...lines()]), attack: (d: string) => run(['report', d]), code: 2, message, untouched: (d: string) => d },
    { name: `resume: ${what}`, setup: (d: string) => copyWith(d, [...lines()]), attack: (d: string) => run([...XOR, '--out', d, '--resume']), code: 2, message, untouched: (d: string) => d },
  ]),
  { name: 'report: torn last line', attack: (d) => (copyWith(d, [doneLines[0]]), appendFileSync(join(d, 'runs.jsonl'), doneLines[1].slice(0, 50)), run(['report', d])), code: 0, message: /leaving out an incomplete last line \(50 bytes\)/ },
  { name: 'resume: torn last line', attack: (d) => (copyWith(d, [doneLines[0]]), appendFileSync(join(d, 'runs.jsonl'), doneLines[1].slice(0, 50)), run([...XOR.filter((a) => a !== '--quiet'), '--out', d, '--resume'])), code: 0, message: /dropping an incomplete last line \(50 bytes\)/, check: (d) => (readFileSync(join(d, 'runs.jsonl'), 'utf8').trim().split('\n').length === 2 ? null : 'not two runs after the resume') },
  { name: 'report: corrupt manifest', setup: (d) => copyWith(d, doneLines, '{"format": '), attack: (d) => run(['report', d]), code: 2, message: /manifest\.json: not valid JSON/, untouched: (d) => d },
  { name: 'report: no manifest', setup: (d) => writeFileSync(join(d, 'runs.jsonl'), `${doneLines[0]}\n`), attack: (d) => run(['report', d]), code: 2, message: /is not a results folder: .*manifest\.json does not exist/, untouched: (d) => d },
  { name: 'report: no folder', attack: (d) => run(['report', join(d, 'nope')]), code: 2, message: /is not a results folder: .*nope\/runs\.jsonl does not exist/ },
  // merge.
  { name: 'merge into a folder of another experiment', setup: (d) => run([...CUBA, '--out', d]), attack: (d) => run(['merge', DONE, '--out', d]), code: 2, message: /already holds results of experiment "cuba"/, untouched: (d) => d },
  { name: 'merge folders of different settings', attack: (d) => (run([...XOR, '--epochs', '3', '--out', d]), run(['merge', DONE, d, '--out', join(d, 'm')])), code: 2, message: /holds other results than .*\n\s+spec\.training\.epochs/ },
  { name: 'merge with an edited accuracy', attack: (d) => run(['merge', DONE, copyWith(d, edit(1, (r) => ({ ...r, final: { ...(r.final as object), testAccuracy: 0.5 } }))), '--out', join(d, 'm')]), code: 2, message: /run "backprop\/xor\/seed2" differs between .*\n\s+final\.testAccuracy: 1 → 0\.5/ },
  { name: 'merge into one of its inputs', setup: (d) => copyWith(d), attack: (d) => run(['merge', d, DONE, '--out', d]), code: 2, message: /is one of the folders being merged/, untouched: (d) => d },
  { name: 'merge without --out', attack: () => run(['merge', DONE]), code: 2, message: /merge: --out <dir> is required/ },
  { name: 'merge of shards keeps every seed', attack: (d) => (run([...XOR, '--shard', '1/2', '--out', join(d, 'a')]), run([...XOR, '--shard', '2/2', '--out', join(d, 'b')]), run(['merge', join(d, 'a'), join(d, 'b'), '--out', join(d, 'm'), '--quiet'])), code: 0, message: /^$/, check: (d) => (JSON.stringify(JSON.parse(readFileSync(join(d, 'm', 'manifest.json'), 'utf8')).seeds) === '[1,2]' ? null : 'merged manifest lost seeds') },
  // Simulations.
  { name: 'simulation: --epochs', attack: () => run(['run', 'cuba', '--epochs', '3']), code: 2, message: /--epochs does not apply to "cuba", a simulation experiment/ },
  { name: 'simulation: --save-weights', attack: () => run(['run', 'cuba', '--save-weights']), code: 2, message: /--save-weights does not apply/ },
  { name: 'simulation: unknown parameter', attack: (d) => run(['run', 'cuba', '--set', 'n=400', '--out', d]), code: 2, message: /unknown parameter "n"; parameters are N, inDegree/ },
  { name: 'simulation: parameter not a number', attack: (d) => run(['run', 'cuba', '--set', 'N=big', '--out', d]), code: 2, message: /parameter "N" must be a finite number, got "big"/ },
  { name: 'simulation: N = 10^8', attack: (d) => run(['run', 'cuba', '--set', 'N=100000000', '--out', d]), code: 2, message: /needs about [\d.]+ GB/ },
  { name: 'simulation: dotted --set path', attack: (d) => run(['run', 'cuba', '--set', 'training.epochs=3', '--out', d]), code: 2, message: /takes parameter names/ },
  // Concurrency, kills and signals.
  {
    name: 'two writers on one folder',
    attack: async (d) => {
      const child = spawn(process.execPath, [BIN, ...LONG, '--out', d], { cwd: ROOT, stdio: 'ignore' });
      while (!existsSync(join(d, '.lock'))) await new Promise((r) => setTimeout(r, 25));
      const second = run([...LONG, '--out', d, '--resume']);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      return second;
    },
    code: 2,
    message: /is in use by another plasticity process \(pid \d+/,
  },
  {
    name: 'stale lock after SIGKILL',
    attack: async (d) => {
      const out = join(d, 'out');
      const child = spawn(process.execPath, [BIN, ...LONG, '--out', out], { cwd: ROOT, stdio: 'ignore' });
      while (!existsSync(join(out, 'runs.jsonl')) || readFileSync(join(out, 'runs.jsonl'), 'utf8').length === 0) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      return run([...LONG, '--out', out, '--resume']);
    },
    code: 0,
    message: /removing the lock of pid \d+, which is no longer running/,
  },
  { name: 'Ctrl-C mid-run', attack: (d) => signalled(d, 'SIGINT'), code: 130, message: /interrupted \(SIGINT\); \d of 3 runs recorded in .*; resume with:\n\s+plasticity run xor .*--resume --out/, check: resumeEqualsWhole },
  { name: 'SIGTERM mid-run', attack: (d) => signalled(d, 'SIGTERM'), code: 143, message: /interrupted \(SIGTERM\); \d of 3 runs recorded/, check: resumeEqualsWhole },
  { name: 'parent killed, signal not passed on', attack: (d) => signalled(d, 'parent'), code: 0, message: /the orphan stopped, nothing written after/ },
  { name: '--save-weights where a file blocks the folder', attack: (d) => { const out = copyWith(join(d, 'o'), [doneLines[0]]); writeFileSync(join(out, 'weights'), 'x'); return run([...XOR, '--out', out, '--resume', '--save-weights']); }, code: 2, message: /--save-weights: .*weights is a file, not a folder/ },
  { name: 'reproduce a tampered run', attack: (d) => run(['reproduce', copyWith(d, edit(0, (r) => ({ ...r, weightsHash: '0'.repeat(64) })))]), code: 1, message: /DIFFERENT\s+backprop\/xor\/seed1\n\s+weightsHash: "0000/ },
  { name: 'reproduce an unknown run id', attack: (d) => run(['reproduce', copyWith(d), '--run', 'nope']), code: 2, message: /no recorded run "nope"; runs are backprop\/xor\/seed1/ },
];

/** What a message must not look like: a stack trace or Node's own internals. */
const INTERNAL = /\n\s+at [\w.<>]+ \(|node:internal|ERR_[A-Z_]{4,}/;
const results: { name: string; verdict: Verdict; detail: string }[] = [];
for (const c of cases) {
  if (values.only && !c.name.includes(values.only)) continue;
  const dir = fresh();
  c.setup?.(dir);
  const before = c.untouched ? folderHash(c.untouched(dir)) : null;
  const o = await c.attack(dir);
  let verdict: Verdict;
  const detail = o.stderr.trim().split('\n').slice(0, 2).join(' ⏎ ').slice(0, 160);
  const integrity = c.check ? c.check(dir) : null;
  const changed = c.untouched && before !== null && folderHash(c.untouched(dir)) !== before;
  if (integrity || changed) verdict = 'lost or mixed';
  else if (o.code === c.code && c.message.test(o.stderr) && !INTERNAL.test(o.stderr)) verdict = c.code === 2 ? 'named, exit 2' : c.code === 0 || c.code >= 128 ? 'works as documented' : 'clear, other exit';
  else verdict = 'unclear';
  results.push({ name: c.name, verdict, detail: integrity ?? (verdict === 'unclear' ? `exit ${o.code}: ${detail}` : detail) });
  process.stderr.write(`${verdict.padEnd(20)} ${c.name}${verdict === 'unclear' || verdict === 'lost or mixed' ? `\n    ${results[results.length - 1].detail}` : ''}\n`);
}
const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
console.log(`\n| tried | named, exit 2 | works as documented (exit 0, 130, 143) | clear, other exit (1) | unclear | lost or mixed |\n|---|---|---|---|---|---|\n| ${results.length} | ${count('named, exit 2')} | ${count('works as documented')} | ${count('clear, other exit')} | ${count('unclear')} | ${count('lost or mixed')} |`);
process.exitCode = count('unclear') + count('lost or mixed') > 0 ? 1 : 0;
