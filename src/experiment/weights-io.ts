import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Network, type NetworkJSON } from '../graph/network.js';
import { writeFileAtomic } from './atomic-write.js';
import { readable } from './file-names.js';
import { readNpy, writeNpy } from './npy.js';


/**
 * Saves a network's trained parameters as NumPy files, one per array, plus network.json describing the
 * populations and projections and which file holds what:
 *   DIR/<projection>.weights.npy  (pre × post: row i holds the synapses leaving presynaptic neuron i)
 *   DIR/<projection>.bias.npy     (post)
 */
export function saveWeights(dir: string, net: Network, meta: Record<string, unknown> = {}): void {
  const json = net.toJSON();
  const stems = net.projections.map((p) => readable(p.name));
  const clash = stems.findIndex((s, i) => stems.indexOf(s) !== i);
  if (clash >= 0) throw new Error(`saveWeights: projections "${net.projections[stems.indexOf(stems[clash])].name}" and "${net.projections[clash].name}" would both be saved as ${stems[clash]}.weights.npy; rename one`);
  mkdirSync(dir, { recursive: true });
  const projections = net.projections.map((p, i) => {
    const w = `${stems[i]}.weights.npy`;
    writeNpy(join(dir, w), p.weights.data, [p.pre.size, p.post.size]);
    let b: string | null = null;
    if (p.bias) {
      b = `${stems[i]}.bias.npy`;
      writeNpy(join(dir, b), p.bias, [p.post.size]);
    }
    return { name: p.name, pre: p.pre.name, post: p.post.name, init: p.init, weightsFile: w, biasFile: b, orientation: 'pre x post (row = presynaptic neuron)' };
  });
  writeFileAtomic(join(dir, 'network.json'), JSON.stringify({ format: 'plasticity-weights', version: 1, populations: json.populations, projections, ...meta }, null, 2) + '\n');
}

/** Rebuilds the network saved by saveWeights, with its trained parameters. */
export function loadWeights(dir: string): Network {
  const path = join(dir, 'network.json');
  if (!existsSync(path)) throw new Error(`${dir}: no network.json (not a folder written by --save-weights)`);
  const meta = JSON.parse(readFileSync(path, 'utf8')) as { populations: NetworkJSON['populations']; projections: { name: string; pre: string; post: string; init: NetworkJSON['projections'][number]['init']; weightsFile: string; biasFile: string | null }[] };
  const json: NetworkJSON = {
    format: 'plasticity-network',
    version: 1,
    populations: meta.populations,
    projections: meta.projections.map((p) => {
      const w = readNpy(join(dir, p.weightsFile));
      const b = p.biasFile ? readNpy(join(dir, p.biasFile)) : null;
      return { name: p.name, pre: p.pre, post: p.post, init: p.init, weights: Array.from(w.data), bias: b ? Array.from(b.data) : null };
    }),
  };
  return Network.fromJSON(json);
}
