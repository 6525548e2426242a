import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimulationExperiment } from './simulation.js';
import type { ExperimentSpec } from './spec.js';

/** The repository's experiments/ folder. */
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../experiments/', import.meta.url));

/** An experiment that cannot be found or loaded (the CLI exits with code 2: nothing ran). */
export class ExperimentLoadError extends Error {}

export function listExperimentNames(): string[] {
  return readdirSync(EXPERIMENTS_DIR).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();
}

/** The first line of an error's stack that points into the experiment file, e.g. "my.mts:12:5". */
function whereInFile(e: unknown, file: string): string {
  const stack = (e as Error)?.stack ?? '';
  const url = pathToFileURL(file).href;
  const line = stack.split('\n').find((l) => l.includes(url) || l.includes(file));
  const m = line && /:(\d+):(\d+)\)?\s*$/.exec(line);
  return m ? ` (at ${relative(process.cwd(), file) || file}:${m[1]}:${m[2]})` : '';
}

/**
 * Loads an experiment by name (a file in experiments/) or by path to a TS/JS module, and returns it with
 * the absolute path of its file (worker threads import the same file). The module exports the spec as its
 * default export (or as `experiment`). Every failure names the file and what was expected.
 */
export async function loadExperiment(nameOrPath: string): Promise<{ experiment: ExperimentSpec | SimulationExperiment; file: string }> {
  const looksLikePath = /[/\\]/.test(nameOrPath) || /\.[cm]?[jt]s$/.test(nameOrPath);
  const file = looksLikePath ? resolve(nameOrPath) : resolve(EXPERIMENTS_DIR, `${nameOrPath}.ts`);
  if (!existsSync(file)) {
    throw new ExperimentLoadError(
      looksLikePath
        ? `experiment file ${file} does not exist`
        : `unknown experiment "${nameOrPath}"; experiments are ${listExperimentNames().join(', ')} (or give a path to a .ts file)`,
    );
  }
  if (statSync(file).isDirectory()) throw new ExperimentLoadError(`${file} is a folder; expected an experiment file (.ts, .mts or .js) or a name from experiments/`);
  if (!/\.[cm]?[jt]s$/.test(file)) throw new ExperimentLoadError(`${file}: expected a TypeScript or JavaScript module (.ts, .mts, .js, .mjs) whose default export is the experiment`);
  let loadedModule: unknown;
  try {
    loadedModule = await import(pathToFileURL(file).href);
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    // Outside a folder whose package.json says "type": "module", Node treats .ts as CommonJS.
    if (/require\(\) ES Module|ERR_REQUIRE_ESM|Cannot use import statement/.test(msg)) {
      throw new ExperimentLoadError(`${file}: could not load it as an ES module (${msg.split('\n')[0]}). Name the file .mts, or put it in a folder whose package.json has "type": "module".`);
    }
    throw new ExperimentLoadError(`${file}: loading the experiment failed${whereInFile(e, file)}: ${(e as Error)?.name ?? 'Error'}: ${msg.split('\n')[0]}`);
  }
  const mod = loadedModule as { default?: ExperimentSpec | SimulationExperiment; experiment?: ExperimentSpec | SimulationExperiment };
  const spec = mod.default ?? mod.experiment;
  if (spec && typeof spec === 'object' && 'kind' in spec && spec.kind === 'simulation' && typeof spec.simulate === 'function') return { experiment: spec, file };
  if (!spec || typeof spec !== 'object' || !Array.isArray((spec as ExperimentSpec).rules)) {
    throw new ExperimentLoadError(`${file}: expected a default export made with defineExperiment({...}) (name, rules, tasks, seeds, network, training) or defineSimulation({...}) (kind 'simulation', params, simulate)`);
  }
  return { experiment: spec as ExperimentSpec, file };
}
