/**
 * The same spec and seed give the same bits in Node and in Deno (the notebooks' kernel): the engine's Math
 * transcendentals are not used (test/structure/engine-math.test.ts), so nothing a run computes depends on how
 * a JavaScript engine rounds them. Checked on training with every optimiser, on spiking networks with STDP,
 * and on a notebook's plain-script twin, on both kernel paths.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { denoBinary, denoRunArgs } from '../support/deno.js';

const deno = denoBinary();

function run(engine: 'node' | 'deno', file: string, kernels: 'js' | 'wasm', extraEnv: Record<string, string> = {}): string {
  const [cmd, args] = engine === 'node' ? [process.execPath, ['--import', 'tsx', join(ROOT, file)]] : [deno!, denoRunArgs(file)];
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLASTICITY_KERNELS: kernels, DENO_NO_UPDATE_CHECK: '1', NOTEBOOK_PNG: '0', ...extraEnv } });
  expect(r.status, `${engine} ${file}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as { kernels: string; hashes: Record<string, string> };

describe.skipIf(!deno)('Node and Deno give the same bits', () => {
  for (const kernels of ['wasm', 'js'] as const) {
    it(`training with every optimiser and three activations (${kernels} kernels)`, () => {
      const node = lastJson(run('node', 'test/kernels/fixtures/train-and-hash.ts', kernels));
      const other = lastJson(run('deno', 'test/kernels/fixtures/train-and-hash.ts', kernels));
      expect([node.kernels, other.kernels]).toEqual([kernels, kernels]);
      expect(other.hashes).toEqual(node.hashes);
    }, 120_000);

    it(`CUBA and Song 2000 STDP: spikes, weights and rates (${kernels} kernels)`, () => {
      const node = lastJson(run('node', 'test/kernels/fixtures/simulate-and-hash.ts', kernels));
      const other = lastJson(run('deno', 'test/kernels/fixtures/simulate-and-hash.ts', kernels));
      expect(node.hashes.cuba).toMatch(/spikes [1-9]\d+/);
      expect(other.hashes).toEqual(node.hashes);
    }, 120_000);
  }

  it('notebook 01\'s plain-script twin prints the same weight hashes and accuracies', () => {
    // Everything the twin prints except where it wrote its figures page and its timing-free tables.
    const lines = (out: string) => out.split('\n').filter((l) => /[0-9a-f]{16}…|accuracy|%/.test(l) && !/written to/.test(l));
    // Each in a folder of its own: the docs test runs the same twin at the same time.
    const node = lines(run('node', 'notebooks/01-quickstart.ts', 'wasm', { NOTEBOOK_RESULTS: mkdtempSync(join(tmpdir(), 'nb-node-')) }));
    const other = lines(run('deno', 'notebooks/01-quickstart.ts', 'wasm', { NOTEBOOK_RESULTS: mkdtempSync(join(tmpdir(), 'nb-deno-')) }));
    expect(node.filter((l) => /[0-9a-f]{16}…/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(other).toEqual(node);
  }, 240_000);
});
