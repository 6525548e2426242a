/**
 * docs/results-format.md lists every field of runs.jsonl, manifest.json and summary.csv in tables. This
 * test writes real results folders with the CLI and checks the tables against them both ways: every field
 * the code writes is documented, and every documented field is written — except those whose row says
 * "only …" (written in some situations only: a diverged run, a shard, a merge).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src', 'cli', 'plasticity.js');
const doc = readFileSync(join(ROOT, 'docs', 'results-format.md'), 'utf8');

/** Field names (backticked, in the first column) of the first table after the heading `heading`. */
function documented(heading: string): { all: string[]; optional: string[] } {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && l.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`docs/results-format.md has no heading "${heading}"`);
  let i = start + 1;
  while (i < lines.length && !lines[i].startsWith('|')) i++;
  const all: string[] = [], optional: string[] = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const [, first, rest] = lines[i].split('|');
    const names = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    all.push(...names);
    if (/^\s*only\b/.test(rest)) optional.push(...names);
  }
  return { all, optional };
}

let dir = '';
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`plasticity ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
};
const jsonLines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plasticity-results-format-'));
  cli('run', 'xor', '--quick', '--seeds', '1', '--out', join(dir, 'train'));
  cli('run', 'xor', '--quick', '--seeds', '1,2', '--shard', '1/2', '--out', join(dir, 'shard1'));
  cli('run', 'xor', '--quick', '--seeds', '1,2', '--shard', '2/2', '--out', join(dir, 'shard2'));
  cli('merge', join(dir, 'shard1'), join(dir, 'shard2'), '--out', join(dir, 'merged'));
  cli('run', 'cuba', '--seeds', '1', '--set', 'N=400', '--set', 'durationMs=100', '--out', join(dir, 'sim'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectDocumented(heading: string, written: string[]): void {
  const { all, optional } = documented(heading);
  expect([...new Set(written)].filter((k) => !all.includes(k)).sort(), `written but not documented under "${heading}"`).toEqual([]);
  expect(all.filter((k) => !written.includes(k) && !optional.includes(k)).sort(), `documented under "${heading}" but not written`).toEqual([]);
}

describe('docs/results-format.md lists exactly the fields the code writes', () => {
  it('runs.jsonl of a training experiment, and its epochs', () => {
    const [run] = jsonLines(join(dir, 'train', 'runs.jsonl'));
    expectDocumented('`runs.jsonl`', Object.keys(run));
    const epochs = run.epochs as Record<string, unknown>[];
    expectDocumented('`epochs[]`', epochs.flatMap((e) => Object.keys(e)));
    expect(Object.keys(run.final as object).sort()).toEqual(['epoch', 'testAccuracy', 'testLoss', 'trainLoss']);
  });

  it('manifest.json, plain, sharded and merged', () => {
    const keys = ['train', 'shard1', 'merged'].flatMap((d) => Object.keys(JSON.parse(readFileSync(join(dir, d, 'manifest.json'), 'utf8'))));
    expectDocumented('`manifest.json`', keys);
  });

  it('summary.csv columns', () => {
    const header = readFileSync(join(dir, 'train', 'summary.csv'), 'utf8').split('\n')[0].split(',');
    expectDocumented('`summary.csv`', header);
  });

  it('runs.jsonl and summary.csv of a simulation experiment', () => {
    const [run] = jsonLines(join(dir, 'sim', 'runs.jsonl'));
    expectDocumented('`runs.jsonl` (simulation)', Object.keys(run));
    expect(readFileSync(join(dir, 'sim', 'summary.csv'), 'utf8').split('\n')[0]).toBe('grid,metric,mean,std,n');
    expect(JSON.parse(readFileSync(join(dir, 'sim', 'manifest.json'), 'utf8')).kind).toBe('simulation');
  });
});
