import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { kernelInfo } from '../kernels/backend.js';
import { RNG_ALGORITHM } from '../random/stream.js';

const require = createRequire(import.meta.url);

/** The package's own checkout (not the caller's working directory, which may be another repository or none). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** A spec with rule objects replaced by their names, so it can be written as JSON. */
export function serialisableSpec(spec: unknown): unknown {
  return JSON.parse(JSON.stringify(spec, (_k, v) => (v && typeof v === 'object' && (typeof v.create === 'function' || typeof v.learn === 'function') && typeof v.name === 'string' ? `<rule ${v.name}>` : v)));
}

/** What produced a results folder: enough to rerun it and to know why numbers might differ. */
export function buildManifest(spec: { name: string; description: string }, extra: Record<string, unknown>): Record<string, unknown> {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit ? git(['status', '--porcelain', '--untracked-files=no']) : null;
  return {
    format: 'plasticity-results',
    version: 1,
    experiment: spec.name,
    description: spec.description,
    spec: serialisableSpec(spec),
    package: { name: own.name, version: own.version },
    git: { commit, dirty: status === null ? null : status.length > 0 },
    dependencies: Object.fromEntries(Object.keys(own.dependencies).map((d) => [d, packageVersion(d)])),
    node: process.version,
    platform: `${os.platform()} ${os.arch()} (${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores)`,
    rng: RNG_ALGORITHM,
    kernels: kernelInfo(),
    ...extra,
  };
}
