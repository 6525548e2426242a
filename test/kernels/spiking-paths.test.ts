/**
 * End to end: whole spiking runs give the same bits on the WebAssembly and the JavaScript kernel paths —
 * CUBA (N = 800), COBA (N = 400) and the Song 2000 STDP experiment, each hashed over spikes, state and
 * weights by spiking-hashes.ts, which runs in a child process per path (the path is chosen once per process).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wasm } from '../../src/kernels/backend.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function hashes(path: 'js' | 'wasm'): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/kernels/spiking-hashes.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLASTICITY_KERNELS: path } });
  if (r.status !== 0) throw new Error(`spiking-hashes.ts with PLASTICITY_KERNELS=${path} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe.skipIf(!wasm())('spiking runs on both kernel paths', () => {
  it('CUBA, COBA and Song 2000 STDP give the same spikes, state and weights with PLASTICITY_KERNELS=js and wasm', () => {
    const js = hashes('js'), w = hashes('wasm');
    expect(js.kernels).toBe('js');
    expect(w.kernels).toBe('wasm');
    for (const k of ['cuba', 'coba', 'song2000']) expect(w[k], k).toEqual(js[k]);
    expect((w.cuba as { spikes: number }).spikes).toBeGreaterThan(500);
  });
});
