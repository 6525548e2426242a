import { createHash } from 'node:crypto';
import type { Network } from '../graph/network.js';
import type { EpochMetrics } from '../training/metrics.js';
import type { NetworkSpec, TrainingSpec } from './spec.js';
import type { Figure } from '../plot/figure.js';
import { ResultsFolderError } from './errors.js';

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
  /** With --save-weights: why the trained weights could not be written (the run itself is kept as it finished). */
  weightsError?: string;
  /** Feature rules only: the rule's own results (e.g. Diehl & Cook's vote accuracy). */
  featureMetrics?: Record<string, number>;
  /** Figures a feature rule made of what it learned; kept out of runs.jsonl (written to rule-figures/<run>.json). */
  ruleFigures?: Figure[];
  wallSeconds: number;
}

/** One line of a simulation experiment's runs.jsonl: one seed (at one grid point) simulated. */
export interface SimulationRecord {
  id: string;
  experiment: string;
  kind: 'simulation';
  seed: number;
  /** Every parameter as simulated (defaults, grid point and --set overrides applied). */
  params: Record<string, number>;
  /** The grid point as {parameter: value}; empty without a grid. */
  grid: Record<string, number>;
  status: 'completed' | 'failed';
  error?: string;
  metrics: Record<string, number>;
  wallSeconds: number;
}

export type FolderKind = 'training' | 'simulation';
export type AnyRecord = RunRecord | SimulationRecord;

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
export function toJsonLine(record: AnyRecord): string {
  return JSON.stringify(record, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields every record of a kind must carry, with a check of each field's type. */
const REQUIRED: Record<FolderKind, Record<string, (v: unknown) => boolean>> = {
  training: {
    id: (v) => typeof v === 'string' && v.length > 0,
    experiment: (v) => typeof v === 'string',
    rule: (v) => typeof v === 'string',
    ruleLabel: (v) => typeof v === 'string',
    task: (v) => typeof v === 'string',
    taskLabel: (v) => typeof v === 'string',
    seed: (v) => typeof v === 'number' && Number.isSafeInteger(v),
    grid: isObject,
    status: (v) => v === 'completed' || v === 'diverged' || v === 'failed',
    epochs: Array.isArray,
    final: (v) => isObject(v) && typeof v.epoch === 'number',
    weightsHash: (v) => v === null || typeof v === 'string',
    wallSeconds: (v) => typeof v === 'number',
  },
  simulation: {
    id: (v) => typeof v === 'string' && v.length > 0,
    experiment: (v) => typeof v === 'string',
    kind: (v) => v === 'simulation',
    seed: (v) => typeof v === 'number' && Number.isSafeInteger(v),
    params: isObject,
    status: (v) => v === 'completed' || v === 'failed',
    metrics: isObject,
    wallSeconds: (v) => typeof v === 'number',
  },
};

/** What a reader of runs.jsonl knows about the folder, so that a line from somewhere else is caught. */
export interface RecordExpectations {
  kind: FolderKind;
  /** The experiment of the folder's manifest: a line of another experiment is an error. */
  experiment?: string;
  /** The folder's planned run ids: a line with any other id is an error. */
  planned?: ReadonlySet<string>;
}

export interface ParsedRuns<R> {
  /** Each run once, in file order: a run recorded `failed` and run again later keeps only its later line. */
  records: R[];
  /** Bytes of an incomplete last line (a crash during its write), 0 when the file ends with a newline. */
  tornBytes: number;
}

/**
 * Reads runs.jsonl strictly: every line must be a JSON record of the folder's kind and experiment with
 * every required field, and no run may be recorded twice (except a `failed` run followed by its retry);
 * anything else is an error naming the file, the line and what was expected. Only an incomplete LAST line,
 * what a crash during a write leaves, is tolerated: it is reported in `tornBytes` and not returned.
 */
export function parseRuns<R extends AnyRecord = AnyRecord>(text: string, file: string, expect: RecordExpectations): ParsedRuns<R> {
  const lines = text.split('\n');
  let tornBytes = 0;
  if (!text.endsWith('\n') && text.length > 0) tornBytes = Buffer.byteLength(lines[lines.length - 1]);
  const complete = tornBytes > 0 ? lines.slice(0, -1) : lines;
  const byId = new Map<string, { record: R; line: number }>();
  const order: string[] = [];
  complete.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new ResultsFolderError(`${where}: not valid JSON (${(e as Error).message})`);
    }
    const record = checkRecord(value, where, expect) as R;
    const earlier = byId.get(record.id);
    if (earlier) {
      if (earlier.record.status !== 'failed') throw new ResultsFolderError(`${where}: run "${record.id}" is recorded twice (first on line ${earlier.line}); a run is recorded once`);
      order.splice(order.indexOf(record.id), 1);
    }
    byId.set(record.id, { record, line: i + 1 });
    order.push(record.id);
  });
  return { records: order.map((id) => byId.get(id)!.record), tornBytes };
}

function checkRecord(value: unknown, where: string, expect: RecordExpectations): AnyRecord {
  const fields = REQUIRED[expect.kind];
  const what = `a ${expect.kind} run record (an object with ${Object.keys(fields).join(', ')})`;
  if (!isObject(value)) throw new ResultsFolderError(`${where}: expected ${what}, got ${JSON.stringify(value)}`);
  if (expect.kind === 'training' && value.kind === 'simulation') throw new ResultsFolderError(`${where}: a simulation run, but this folder holds a training experiment`);
  const missing = Object.keys(fields).filter((k) => !(k in value));
  if (missing.length) throw new ResultsFolderError(`${where}: expected ${what}; missing ${missing.join(', ')}`);
  for (const [k, ok] of Object.entries(fields)) {
    if (!ok(value[k])) throw new ResultsFolderError(`${where}: field "${k}" has the wrong type or value: ${JSON.stringify(value[k])}`);
  }
  if (expect.experiment !== undefined && value.experiment !== expect.experiment) {
    throw new ResultsFolderError(`${where}: run "${String(value.id)}" belongs to experiment "${String(value.experiment)}", but this folder holds "${expect.experiment}"`);
  }
  if (expect.planned && !expect.planned.has(value.id as string)) {
    throw new ResultsFolderError(`${where}: run "${String(value.id)}" is not one of this folder's planned runs (manifest.json lists ${expect.planned.size})`);
  }
  return value as unknown as AnyRecord;
}

/** Reads a training experiment's runs.jsonl (every record checked; see parseRuns), for callers that know the file is whole. */
export function parseRunsJsonl(text: string, file = 'runs.jsonl', experiment?: string): RunRecord[] {
  const parsed = parseRuns<RunRecord>(text, file, { kind: 'training', experiment });
  if (parsed.tornBytes > 0) throw new ResultsFolderError(`${file}: the last line is incomplete (${parsed.tornBytes} bytes without a newline); resume the run to recover it`);
  return parsed.records;
}
