import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModuleSource, OUTPUT } from '../../src/kernels/wasm/build.js';
import { kernelInfo } from '../../src/kernels/backend.js';
import { KERNELS_WASM_SHA256 } from '../../src/kernels/wasm/module-bytes.js';
import { ROOT } from '../support/cli.js';

describe('the WebAssembly module', () => {
  it('is what its AssemblyScript sources compile to, with the pinned compiler (both variants rebuilt here, compared byte for byte)', async () => {
    expect(await buildModuleSource()).toBe(readFileSync(OUTPUT, 'utf8'));
  }, 60_000);

  it('runs by default, is recorded with its hash, and PLASTICITY_KERNELS chooses the path or names the bad value', () => {
    expect(kernelInfo()).toEqual({ path: 'wasm', module: KERNELS_WASM_SHA256 });
    const probe = (value: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${join(ROOT, 'src/kernels/backend.ts')}').then((b) => console.log(JSON.stringify(b.kernelInfo())))`], { encoding: 'utf8', env: { ...process.env, PLASTICITY_KERNELS: value } });
    expect(JSON.parse(probe('js').stdout)).toEqual({ path: 'js', module: null });
    const bad = probe('fast');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/PLASTICITY_KERNELS: expected "wasm" or "js", got "fast"/);
  });
});
