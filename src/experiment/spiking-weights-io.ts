import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpikingNetwork, type SpikingNetworkSpec } from '../snn/spiking-network.js';
import { writeFileAtomic } from './atomic-write.js';
import { readNpy, writeNpy } from './npy.js';

const FORMAT = 'plasticity-spiking-weights';

/** Each parameter's file and shape (rows × cols, pre × post as in the rate networks' files; the bias is a vector). */
function files(net: SpikingNetwork): { name: string; file: string; data: Float64Array; shape: number[] }[] {
  const out = [{ name: 'input', file: 'input.weights.npy', data: net.win.data, shape: [net.inputSize, net.size] }];
  if (net.wrec) out.push({ name: 'recurrent', file: 'recurrent.weights.npy', data: net.wrec.data, shape: [net.size, net.size] });
  out.push({ name: 'readout', file: 'readout.weights.npy', data: net.wout.data, shape: [net.size, net.outputSize] });
  out.push({ name: 'readout bias', file: 'readout.bias.npy', data: net.bout, shape: [net.outputSize] });
  return out;
}

/**
 * Saves a trained spiking network (src/snn/spiking-network.ts) as NumPy files and a network.json holding its
 * full spec (neurons, time constants, spike function) and which file holds what:
 *   DIR/input.weights.npy      inputs × hidden (row i: the synapses leaving input i)
 *   DIR/recurrent.weights.npy  hidden × hidden (recurrent layers only; the diagonal is 0)
 *   DIR/readout.weights.npy    hidden × outputs
 *   DIR/readout.bias.npy       outputs
 */
export function saveSpikingWeights(dir: string, net: SpikingNetwork, meta: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const parameters = files(net).map(({ name, file, data, shape }) => {
    writeNpy(join(dir, file), data, shape);
    return { name, file, shape };
  });
  writeFileAtomic(join(dir, 'network.json'), JSON.stringify({ format: FORMAT, version: 1, spec: net.spec, parameters, orientation: 'pre x post (row = presynaptic neuron)', ...meta }, null, 2) + '\n');
}

/** Rebuilds the network saveSpikingWeights saved, with its trained parameters; names the file and what is wrong. */
export function loadSpikingWeights(dir: string): SpikingNetwork {
  const path = join(dir, 'network.json');
  if (!existsSync(path)) throw new Error(`${dir}: no network.json (not a folder written by --save-weights)`);
  let meta: { format?: unknown; spec?: SpikingNetworkSpec };
  try {
    meta = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (meta.format !== FORMAT) throw new Error(`${path}: format ${JSON.stringify(meta.format)}, expected "${FORMAT}" (a rate network's weights load with loadWeights)`);
  let net: SpikingNetwork;
  try {
    net = new SpikingNetwork(meta.spec!);
  } catch (e) {
    throw new Error(`${path}: its spec does not make a spiking network: ${(e as Error).message}`);
  }
  for (const { file, data, shape } of files(net)) {
    const saved = readNpy(join(dir, file));
    if (saved.shape.join('×') !== shape.join('×')) throw new Error(`${join(dir, file)}: shape ${saved.shape.join(' × ')}, but the network in network.json needs ${shape.join(' × ')}`);
    data.set(saved.data);
  }
  return net;
}
