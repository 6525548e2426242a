import type { RandomStream } from '../random/stream.js';
import { log, log1p } from '../kernels/math.js';

/**
 * Which pre → post pairs are connected. Random rules draw from the synapse group's own stream
 * ("connect/<name>"), so the same seed always gives the same wiring.
 * - all-to-all:         every pair (minus i = j when `allowSelf` is false and pre is post; with `skipSameIndex`
 *                       also minus i → i between two populations of one size, as when each inhibitory neuron of
 *                       Diehl & Cook (2015) inhibits every excitatory neuron but its own partner)
 * - one-to-one:         i → i (pre and post must have the same size)
 * - fixed-probability:  each pair independently with probability p (Bernoulli; Brian2's connect(p=...))
 * - fixed-in-degree:    each postsynaptic neuron gets exactly k distinct presynaptic partners
 */
export type ConnectivitySpec =
  | { kind: 'all-to-all'; allowSelf?: boolean; skipSameIndex?: boolean }
  | { kind: 'one-to-one' }
  | { kind: 'fixed-probability'; p: number; allowSelf?: boolean }
  | { kind: 'fixed-in-degree'; k: number; allowSelf?: boolean };

/** CSR structure (by presynaptic neuron) of a connectivity. */
export interface Wiring {
  rowStart: Int32Array;
  postIndex: Int32Array;
}

/**
 * Builds the wiring. `samePopulation` says pre and post are one population (so self-connections are
 * possible; excluded unless allowSelf).
 */
export function buildWiring(spec: ConnectivitySpec, nPre: number, nPost: number, samePopulation: boolean, stream: RandomStream, where: string): Wiring {
  const self = (spec as { allowSelf?: boolean }).allowSelf ?? false;
  const skip = (i: number, j: number) => samePopulation && !self && i === j;
  switch (spec.kind) {
    case 'all-to-all': {
      if (spec.skipSameIndex && nPre !== nPost) throw new Error(`${where}: all-to-all with skipSameIndex needs equal sizes, got ${nPre} → ${nPost}`);
      const rows: number[][] = [];
      for (let i = 0; i < nPre; i++) {
        const r: number[] = [];
        for (let j = 0; j < nPost; j++) if (!skip(i, j) && !(spec.skipSameIndex && i === j)) r.push(j);
        rows.push(r);
      }
      return fromRows(rows);
    }
    case 'one-to-one': {
      if (nPre !== nPost) throw new Error(`${where}: one-to-one needs equal sizes, got ${nPre} → ${nPost}`);
      return fromRows(Array.from({ length: nPre }, (_, i) => [i]));
    }
    case 'fixed-probability': {
      if (!(spec.p >= 0 && spec.p <= 1)) throw new Error(`${where}: connectivity p must lie in [0, 1], got ${spec.p}`);
      // Geometric skipping: the gap to the next connected pair is geometric(p), so the cost is
      // proportional to the number of synapses rather than to nPre × nPost, with the same distribution
      // as an independent Bernoulli(p) draw per pair.
      const rows: number[][] = Array.from({ length: nPre }, () => []);
      if (spec.p > 0) {
        const total = nPre * nPost;
        const logq = log1p(-spec.p);
        let idx = -1;
        for (;;) {
          const gap = spec.p === 1 ? 1 : 1 + Math.floor(log(1 - stream.uniform()) / logq);
          idx += gap;
          if (idx >= total) break;
          const i = Math.floor(idx / nPost), j = idx - i * nPost;
          if (!skip(i, j)) rows[i].push(j);
        }
      }
      return fromRows(rows);
    }
    case 'fixed-in-degree': {
      const available = samePopulation && !self ? nPre - 1 : nPre;
      if (!Number.isInteger(spec.k) || spec.k < 0 || spec.k > available) {
        throw new Error(`${where}: fixed-in-degree k must be an integer in [0, ${available}], got ${spec.k}`);
      }
      const rows: number[][] = Array.from({ length: nPre }, () => []);
      for (let j = 0; j < nPost; j++) {
        const chosen = stream.sampleWithoutReplacement(available, spec.k);
        for (const c of chosen) {
          const i = samePopulation && !self && c >= j ? c + 1 : c; // skip j itself
          rows[i].push(j);
        }
      }
      for (const r of rows) r.sort((a, b) => a - b);
      return fromRows(rows);
    }
    default:
      throw new Error(`${where}: unknown connectivity ${JSON.stringify(spec)}; expected all-to-all, one-to-one, fixed-probability or fixed-in-degree`);
  }
}

function fromRows(rows: number[][]): Wiring {
  const rowStart = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) rowStart[i + 1] = rowStart[i] + rows[i].length;
  const postIndex = new Int32Array(rowStart[rows.length]);
  for (let i = 0; i < rows.length; i++) postIndex.set(rows[i], rowStart[i]);
  return { rowStart, postIndex };
}
