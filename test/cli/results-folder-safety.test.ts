/**
 * Hostile inputs against results folders: nothing already written may be lost or mixed. Each case below was
 * found in a hostile-input pass over the CLI (issue 12): foreign and corrupt runs.jsonl lines, resumes of
 * another setting, two writers at once, foreign --out folders, and merges of folders that do not belong
 * together.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunsJsonl } from '../../src/experiment/records.js';
import { cli, experimentFile, ROOT, tempDir } from '../support/cli.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const xor = (...more: string[]) => ['run', 'xor', '--quick', '--seeds', '1,2', '--quiet', ...more];

let done = '';
beforeAll(() => {
  done = tempDir();
  const r = cli(xor('--out', done));
  if (r.code !== 0) throw new Error(r.stderr);
});

/** A copy of the finished folder with runs.jsonl replaced by `lines`. */
function withRuns(lines: string[]): string {
  const dir = tempDir();
  for (const f of ['manifest.json', 'summary.csv']) writeFileSync(join(dir, f), read(done, f));
  writeFileSync(join(dir, 'runs.jsonl'), lines.map((l) => `${l}\n`).join(''));
  return dir;
}

describe('runs.jsonl is checked when it is read', () => {
  const good = () => read(done, 'runs.jsonl').trim().split('\n');

  it.each([
    ['a duplicated line', (l: string[]) => [l[0], l[1], l[0]], /runs\.jsonl:3: run "backprop\/xor\/seed1" is recorded twice \(first on line 1\)/],
    ['null', (l: string[]) => [l[0], 'null'], /runs\.jsonl:2: expected a training run record .*got null/],
    ['{}', (l: string[]) => ['{}', l[0]], /runs\.jsonl:1: expected a training run record .*missing id, experiment/],
    ['42', (l: string[]) => [l[0], '42'], /runs\.jsonl:2: expected a training run record .*got 42/],
    ['a record missing fields', (l: string[]) => [JSON.stringify({ ...JSON.parse(l[0]), final: undefined, epochs: undefined })], /runs\.jsonl:1: expected .*; missing epochs, final/],
    ['a field of the wrong type', (l: string[]) => [JSON.stringify({ ...JSON.parse(l[0]), seed: '1' })], /runs\.jsonl:1: field "seed" has the wrong type or value: "1"/],
    ['a line of another experiment', (l: string[]) => [l[0], JSON.stringify({ ...JSON.parse(l[1]), experiment: 'cuba' })], /runs\.jsonl:2: run "backprop\/xor\/seed2" belongs to experiment "cuba", but this folder holds "xor"/],
    ['a run the manifest does not plan', (l: string[]) => [l[0], JSON.stringify({ ...JSON.parse(l[1]), id: 'backprop/xor/seed9' })], /runs\.jsonl:2: run "backprop\/xor\/seed9" is not one of this folder's planned runs/],
    ['a line that is not JSON', (l: string[]) => [l[0], '{"id": oops', l[1]], /runs\.jsonl:2: not valid JSON/],
  ])('%s: the file and line are named and nothing is counted twice (exit 2)', (what, edit, message) => {
    const dir = withRuns(edit(good()));
    const before = read(dir, 'runs.jsonl');
    // Every command reads runs.jsonl through the same reader: report always, merge and resume for a few cases.
    const thorough = ['a duplicated line', '42', 'a line of another experiment'].includes(what);
    const commands = [['report', dir], ...(thorough ? [['merge', dir, '--out', join(tempDir(), 'm')], xor('--out', dir, '--resume')] : [])];
    for (const args of commands) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(read(dir, 'runs.jsonl')).toBe(before); // nothing rewritten
  });

  it('a torn last line is left out by report (with a note) and recovered by resume', () => {
    const dir = withRuns([good()[0]]);
    appendFileSync(join(dir, 'runs.jsonl'), good()[1].slice(0, 40));
    const report = cli(['report', dir]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toMatch(/leaving out an incomplete last line \(40 bytes\)/);
    const resumed = cli(xor('--out', dir, '--resume'));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/dropping an incomplete last line \(40 bytes\)/);
    expect(parseRunsJsonl(read(dir, 'runs.jsonl')).map((r) => r.id)).toEqual(['backprop/xor/seed1', 'backprop/xor/seed2']);
  });
});

describe('a results folder has an identity', () => {
  it('a resume of another setting is refused naming the fields, and nothing is written', () => {
    const dir = tempDir();
    expect(cli([...xor('--out', dir), '--set', 'training.epochs=3']).code).toBe(0);
    const manifest = read(dir, 'manifest.json'), runs = read(dir, 'runs.jsonl');
    for (const [flags, field] of [
      [['--set', 'training.epochs=4'], /spec\.training\.epochs: 3 → 4/],
      [['--set', 'training.epochs=3', '--set', 'training.optimiser.lr=0.2'], /spec\.training\.optimiser\.lr: 0\.1 → 0\.2/],
      [['--set', 'training.epochs=3', '--set', 'tasks=[{"task":"xor","options":{"repeats":2}}]'], /spec\.tasks\.0/],
    ] as const) {
      const r = cli([...xor('--out', dir, '--resume'), ...flags]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/cannot resume .*: it holds runs of another setting/);
      expect(r.stderr).toMatch(field);
    }
    const other = cli(['run', 'cuba', '--set', 'N=400', '--out', dir, '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/kind: "training" → "simulation"/);
    expect(read(dir, 'manifest.json')).toBe(manifest);
    expect(read(dir, 'runs.jsonl')).toBe(runs);
  });

  it('--resume with --overwrite is a contradiction (exit 2); --retry-failed needs --resume', () => {
    const both = cli(xor('--out', tempDir(), '--resume', '--overwrite'));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--resume and --overwrite contradict each other/);
    expect(cli(xor('--out', tempDir(), '--retry-failed')).code).toBe(2);
  });

  it('--resume keeps failed runs (and says so) unless --retry-failed, whose new line supersedes the failed one', () => {
    const dir = tempDir();
    expect(cli(xor('--out', dir)).code).toBe(0);
    const lines = read(dir, 'runs.jsonl').trim().split('\n');
    const failed = { ...JSON.parse(lines[1]), status: 'failed', error: 'out of memory', epochs: [], weightsHash: null };
    writeFileSync(join(dir, 'runs.jsonl'), `${lines[0]}\n${JSON.stringify(failed)}\n`);
    const kept = cli(xor('--out', dir, '--resume'));
    expect(kept.code).toBe(1); // a failed run is still recorded
    expect(kept.stderr).toMatch(/keeping 1 failed run as recorded \(backprop\/xor\/seed2\); pass --retry-failed/);
    const retried = cli(xor('--out', dir, '--resume', '--retry-failed'));
    expect(retried.code, retried.stderr).toBe(0);
    const report = cli(['report', dir]);
    expect(report.code, report.stderr).toBe(0);
    expect(read(dir, 'summary.csv').split('\n')[1]).toMatch(/^backprop,xor,,2,2,0,0,/); // two runs, both completed: counted once
    expect(read(dir, 'runs.jsonl').trim().split('\n')).toHaveLength(3);
  });

  it('an --out folder that is not a results folder is never written into, not even with --overwrite', () => {
    const dir = tempDir();
    const mine = { 'manifest.json': '{"my": "own manifest"}\n', 'summary.csv': 'a,b\n1,2\n', 'report.html': '<p>my report</p>\n' };
    for (const [f, text] of Object.entries(mine)) writeFileSync(join(dir, f), text);
    for (const extra of [[], ['--overwrite'], ['--resume']]) {
      const r = cli(xor('--out', dir, ...extra));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/manifest\.json is not the manifest of a plasticity results folder; refusing to write/);
    }
    const plain = tempDir();
    writeFileSync(join(plain, 'notes.txt'), 'keep me');
    const r = cli(xor('--out', plain, '--overwrite'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files that are not a plasticity results folder \(notes\.txt\)/);
    for (const [f, text] of Object.entries(mine)) expect(read(dir, f)).toBe(text);
    expect(read(plain, 'notes.txt')).toBe('keep me');
  });

  it('--out that is a file, empty, or on a file system that cannot hold folders: a clear error at once', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    for (const [out, message] of [[file, /--out: .*a-file is a file, not a folder/], ['', /--out: expected a folder path/], ['/proc/plasticity-x', /--out: cannot create \/proc\/plasticity-x/], [join(file, 'below'), /a-file is a file, not a folder/]] as const) {
      const t0 = Date.now();
      const r = cli(xor('--out', out));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(Date.now() - t0).toBeLessThan(20_000);
    }
  });
});

describe('one writer at a time', () => {
  it('a second process on the folder fails at once naming the holder; a stale lock is taken over', async () => {
    const dir = tempDir();
    const long = ['run', 'xor', '--seeds', '1,2,3', '--set', 'training.epochs=5000', '--quiet', '--out', dir];
    const first = spawn(process.execPath, [join(ROOT, 'src/cli/plasticity.js'), ...long], { cwd: ROOT, stdio: 'ignore' });
    try {
      for (let i = 0; i < 200 && !existsSync(join(dir, '.lock')); i++) await new Promise((r) => setTimeout(r, 50));
      const t0 = Date.now();
      for (const second of [long, [...long, '--resume'], ['report', dir]]) {
        const r = cli(second);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`in use by another plasticity process \\(pid ${first.pid}, since .*run xor`));
      }
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => first.on('exit', r));
    }
    // The killed holder's lock is stale: the next writer removes it, says so, and finishes the runs.
    expect(existsSync(join(dir, '.lock'))).toBe(true);
    const resumed = cli(['run', 'xor', '--seeds', '1,2,3', '--set', 'training.epochs=5000', '--out', dir, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/removing the lock of pid \d+, which is no longer running/);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    expect(parseRunsJsonl(read(dir, 'runs.jsonl'))).toHaveLength(3);
  }, 120_000);
});

describe('merge never overwrites or mixes', () => {
  it('refuses folders of another experiment or setting, naming what differs', () => {
    const other = tempDir(), cuba = tempDir();
    expect(cli([...xor('--out', other), '--set', 'training.epochs=3']).code).toBe(0);
    expect(cli(['run', 'cuba', '--seed', '1', '--set', 'N=400', '--set', 'durationMs=50', '--quiet', '--out', cuba]).code).toBe(0);
    const setting = cli(['merge', done, other, '--out', join(tempDir(), 'm')]);
    expect(setting.code).toBe(2);
    expect(setting.stderr).toMatch(/holds other results than .*\n\s+spec\.training\.epochs: \d+ → 3/);
    const experiment = cli(['merge', done, cuba, '--out', join(tempDir(), 'm')]);
    expect(experiment.code).toBe(2);
    expect(experiment.stderr).toMatch(/kind: "training" → "simulation"|experiment: "xor" → "cuba"/);
  });

  it('refuses to write into an existing folder (results of any experiment, or anything else) unless it is ours and --overwrite', () => {
    const target = tempDir();
    expect(cli(['run', 'cuba', '--seed', '1', '--set', 'N=400', '--set', 'durationMs=50', '--quiet', '--out', target]).code).toBe(0);
    const manifest = read(target, 'manifest.json');
    const r = cli(['merge', done, '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds results of experiment "cuba"/);
    expect(read(target, 'manifest.json')).toBe(manifest);
    expect(cli(['merge', done, '--out', done]).code).toBe(2); // into one of its own inputs
    const replaced = cli(['merge', done, '--out', target, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(read(target, 'manifest.json')).experiment).toBe('xor');
  });

  it('compares overlapping runs whole: an edited accuracy is caught', () => {
    const edited = withRuns(read(done, 'runs.jsonl').trim().split('\n').map((l, i) => (i === 1 ? JSON.stringify({ ...JSON.parse(l), final: { ...JSON.parse(l).final, testAccuracy: 0.99 } }) : l)));
    const r = cli(['merge', done, edited, '--out', join(tempDir(), 'm')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run "backprop\/xor\/seed2" differs between .*\n\s+final\.testAccuracy: 1 → 0\.99/);
  });

  it('halves with different seeds merge into the union, and the manifest lists every seed', () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(cli(['run', 'xor', '--quick', '--seeds', '1,3', '--quiet', '--out', a]).code).toBe(0);
    expect(cli(['run', 'xor', '--quick', '--seeds', '2', '--quiet', '--out', b]).code).toBe(0);
    const out = join(tempDir(), 'merged');
    const r = cli(['merge', a, b, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(read(out, 'manifest.json'));
    expect(m.seeds).toEqual([1, 3, 2]);
    expect(m.spec.seeds).toEqual([1, 3, 2]);
    expect(m.runs).toHaveLength(3);
    const again = cli(['reproduce', out]);
    expect(again.code, again.stdout).toBe(0); // the merged manifest's spec plans every merged run
  });
});

describe('the weights of runs with look-alike ids go to different folders', () => {
  it('labels "a/b" and "a_b" save to two folders, each reloading to its own hash', async () => {
    const dir = tempDir();
    const spec = experimentFile(dir, 'alike.mts', `  name: 'alike', description: 'two labels that read alike as file names',
  rules: [{ rule: 'backprop', label: 'a/b' }, { rule: 'feedback-alignment', label: 'a_b' }], tasks: ['xor'], seeds: 1,
  network: { hidden: [4], activation: 'tanh', output: 'sigmoid' },
  training: { epochs: 5, batchSize: 4, loss: 'mse', optimiser: { kind: 'sgd', lr: 0.5 } },`);
    const out = join(dir, 'out');
    const r = cli(['run', spec, '--out', out, '--save-weights', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const { loadWeights } = await import('../../src/experiment/weights-io.js');
    const { hashWeights } = await import('../../src/experiment/records.js');
    const { runFileName } = await import('../../src/experiment/file-names.js');
    const records = parseRunsJsonl(read(out, 'runs.jsonl'));
    expect(new Set(records.map((x) => runFileName(x.id))).size).toBe(2);
    for (const rec of records) expect(hashWeights(loadWeights(join(out, 'weights', runFileName(rec.id))))).toBe(rec.weightsHash);
  });
});
