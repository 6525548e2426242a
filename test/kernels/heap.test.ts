/**
 * The kernel heap under churn: dropped arrays come back when the heap is full (the engine does not see its
 * memory as pressure, so without that a sweep in one thread would fail on garbage); live arrays never do; a
 * heap that is really full says so, with the sizes. Each case runs in a child process with a small heap
 * (PLASTICITY_HEAP_MB), since the heap is made once per thread.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasm } from '../../src/kernels/backend.js';
import { ROOT, tempDir } from '../support/cli.js';

function churn(heapMB: number, count: number, mb: number, keepEvery: number): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/heap-churn.ts'), String(count), String(mb), String(keepEvery)], { encoding: 'utf8', env: { ...process.env, PLASTICITY_HEAP_MB: String(heapMB), PLASTICITY_KERNELS: 'wasm' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').pop()!;
}

describe.skipIf(!wasm())('the kernel heap', () => {
  it('takes back dropped arrays when full: 100 arrays of 8 MB pass through a 64 MB heap', () => {
    expect(JSON.parse(churn(64, 100, 8, 0))).toMatchObject({ done: 100, heapMB: 64 });
  }, 60_000);

  it('never hands out a block whose array is alive: kept arrays keep their contents while the rest churns', () => {
    // Keep one in 20 (5 arrays of 4 MB = 20 MB live in a 64 MB heap) while 100 pass through.
    expect(JSON.parse(churn(64, 100, 4, 20))).toEqual({ done: 100, kept: 5, intact: true, heapMB: 64 });
  }, 60_000);

  it('merges freed blocks with their buddies: 40 arrays of 1 MB, once dropped, make room for one of 32 MB in a 64 MB heap, and what is handed out again comes zeroed', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/heap-fragments.ts'), '1', '40', '32'], { encoding: 'utf8', env: { ...process.env, PLASTICITY_HEAP_MB: '64', PLASTICITY_KERNELS: 'wasm' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ usedBeforeMB: 40, largeMB: 32, zeroed: true, reservedZeroed: true, reservedOverFreedMemory: true, heapMB: 64 });
  }, 60_000);

  it('under a mix of sizes (8 B to 4 MB) splitting and merging never hands out a live block and always hands out zeros', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/heap-mixed-churn.ts'), '3000'], { encoding: 'utf8', env: { ...process.env, PLASTICITY_HEAP_MB: '64', PLASTICITY_KERNELS: 'wasm' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ done: 3000, intact: true, allZero: true, heapMB: 64 });
  }, 60_000);

  it('when live arrays really fill it, says how big the heap is, what was asked and what is in use, and the way out', () => {
    const out = churn(64, 40, 8, 1);
    expect(out).toMatch(/^ERROR HeapFullError: the WebAssembly heap \(64 MB\) cannot hold another array of 8 MB: \d+ MB are in use\./);
    expect(out).toMatch(/PLASTICITY_KERNELS=js/);
  }, 60_000);

  it('a run that runs out of it fails with the network\'s size and estimate in its record, and the sweep goes on', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/heap-hog-run.ts'), join(tempDir(), 'out')], { encoding: 'utf8', env: { ...process.env, PLASTICITY_HEAP_MB: '64', PLASTICITY_KERNELS: 'wasm' } });
    expect(r.status, r.stderr).toBe(0);
    const { status, error } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: string; error: string };
    expect(status).toBe('failed');
    expect(error).toMatch(/^the 2-1500-2 network \(7,502 parameters; about \d+ MB for it and its buffers, without the data set\) ran out of memory: the WebAssembly heap \(64 MB\) cannot hold another array/);
  }, 60_000);
});
