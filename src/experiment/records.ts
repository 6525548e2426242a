import { createHash } from 'node:crypto';
import type { Network } from '../graph/network.js';
import type { EpochMetrics } from '../training/metrics.js';
import type { NetworkSpec, TrainingSpec } from './spec.js';
import type { Figure } from '../plot/figure.js';

export type RecordStatus = 'completed' | 'diverged' | 'failed';

/** One line of runs.jsonl: everything about one finished run. */
export interface RunRecord {
  id: string;
  experiment: string;
  rule: string;
  ruleLabel: string;
  ruleOptions: Record<string, unknown>;
  task: string;
  taskLabel: string;
  taskOptions: Record<string, unknown>;
  seed: number;
  grid: Record<string, unknown>;
  /** Layer sizes as trained, input to output. */
  sizes: number[];
  network: NetworkSpec;
  training: TrainingSpec;
  status: RecordStatus;
  divergedAtEpoch?: number;
  error?: string;
  epochs: EpochMetrics[];
  final: {
    epoch: number;
    trainLoss: number | null;
    testLoss: number | null;
    testAccuracy: number | null;
  };
  /** SHA-256 of every trained parameter's IEEE-754 bytes, projection by projection: equal hashes mean bit-identical weights. */
  weightsHash: string | null;
  /** Feature rules only: the rule's own results (e.g. Diehl & Cook's vote accuracy). */
  featureMetrics?: Record<string, number>;
  /** Figures a feature rule made of what it learned; kept out of runs.jsonl (written to rule-figures/<run>.json). */
  ruleFigures?: Figure[];
  wallSeconds: number;
}

export function hashWeights(net: Network): string {
  const h = createHash('sha256');
  for (const p of net.projections) {
    h.update(p.name);
    h.update(new Uint8Array(p.weights.data.buffer, p.weights.data.byteOffset, p.weights.data.byteLength));
    if (p.bias) h.update(new Uint8Array(p.bias.buffer, p.bias.byteOffset, p.bias.byteLength));
  }
  return h.digest('hex');
}

/** JSON has no NaN or Infinity; they are written as null so every line stays valid JSON. */
export function toJsonLine(record: RunRecord): string {
  return JSON.stringify(record, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}

export function parseRunsJsonl(text: string, file = 'runs.jsonl'): RunRecord[] {
  const out: RunRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as RunRecord);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  });
  return out;
}
