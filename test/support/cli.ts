import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src/cli/plasticity.js');

/** Runs the real `plasticity` command in a fresh Node process. */
export function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'plasticity-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * `cli` without blocking the test worker's event loop: for long commands (Chromium export, whole sweeps),
 * since vitest's worker RPC times out when a synchronous call holds the loop for about a minute.
 */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, FORCE_COLOR: '0' } });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Writes an experiment file `name` (.mts, so Node reads it as an ES module anywhere) into `dir` whose default
 * export is `defineExperiment({ <fields> })`, and returns its path. `fields` is the object's source text.
 */
export function experimentFile(dir: string, name: string, fields: string): string {
  const path = join(dir, name);
  writeFileSync(path, `import { defineExperiment } from ${JSON.stringify(join(ROOT, 'src/experiment/spec.ts'))};\nexport default defineExperiment({\n${fields}\n});\n`);
  return path;
}
