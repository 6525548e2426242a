import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimulationExperiment } from './simulation.js';
import type { ExperimentSpec } from './spec.js';

/** The repository's experiments/ folder. */
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../experiments/', import.meta.url));

export function listExperimentNames(): string[] {
  return readdirSync(EXPERIMENTS_DIR).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();
}

/**
 * Loads an experiment by name (a file in experiments/) or by path to a TS/JS module. The module
 * exports the spec as its default export (or as `experiment`).
 */
export async function loadExperiment(nameOrPath: string): Promise<ExperimentSpec | SimulationExperiment> {
  const looksLikePath = /[/\\]/.test(nameOrPath) || /\.[cm]?[jt]s$/.test(nameOrPath);
  const file = looksLikePath ? resolve(nameOrPath) : resolve(EXPERIMENTS_DIR, `${nameOrPath}.ts`);
  if (!existsSync(file)) {
    throw new Error(
      looksLikePath
        ? `experiment file ${file} does not exist`
        : `unknown experiment "${nameOrPath}"; experiments are ${listExperimentNames().join(', ')} (or give a path to a .ts file)`,
    );
  }
  let loadedModule: unknown;
  try {
    loadedModule = await import(pathToFileURL(file).href);
  } catch (e) {
    const msg = (e as Error).message;
    // Outside a folder whose package.json says "type": "module", Node treats .ts as CommonJS.
    if (/require\(\) ES Module|ERR_REQUIRE_ESM|Cannot use import statement/.test(msg)) {
      throw new Error(`${file}: could not load it as an ES module (${msg.split('\n')[0]}). Name the file .mts, or put it in a folder whose package.json has "type": "module".`);
    }
    throw e;
  }
  const mod = loadedModule as { default?: ExperimentSpec | SimulationExperiment; experiment?: ExperimentSpec | SimulationExperiment };
  const spec = mod.default ?? mod.experiment;
  if (spec && typeof spec === 'object' && 'kind' in spec && spec.kind === 'simulation' && typeof spec.simulate === 'function') return spec;
  if (!spec || typeof spec !== 'object' || !Array.isArray((spec as ExperimentSpec).rules)) {
    throw new Error(`${file}: expected a default export made with defineExperiment({...}) (name, rules, tasks, seeds, network, training) or defineSimulation({...}) (kind 'simulation', params, simulate)`);
  }
  return spec as ExperimentSpec;
}
