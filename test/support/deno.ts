import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/**
 * The Deno binary of the npm package "deno" (a devDependency; the notebooks' kernel runs on it), found the way
 * notebooks/kernels/plasticity-deno/launch.sh finds it: npm here runs no install scripts, so where the binary
 * is not in place yet, the package's own API links it. Null when the package is missing.
 */
export function denoBinary(): string | null {
  const direct = join(ROOT, 'node_modules/deno/deno');
  if (existsSync(direct) && statSync(direct).size > 1_000_000) return direct;
  try {
    const api = createRequire(import.meta.url)(join(ROOT, 'node_modules/deno/install_api.cjs')) as { runInstall(): string };
    return api.runInstall();
  } catch {
    return null;
  }
}

/** Arguments that run a TypeScript file of this repository under Deno as the notebooks do (sloppy imports, node_modules). */
export const denoRunArgs = (file: string): string[] => ['run', '-A', '--config', join(ROOT, 'notebooks/deno.json'), join(ROOT, file)];
