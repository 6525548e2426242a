import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { deepDiff } from './deep-diff.js';
import { ResultsFolderError } from './errors.js';
import { type FolderLock, FolderLockedError, LOCK_FILE, lockFolder } from './folder-lock.js';
import { makeFolder } from './make-folder.js';
import { InterruptedError } from './pool.js';
import { type AnyRecord, type FolderKind, parseRuns, toJsonLine } from './records.js';

/**
 * The one writer of results folders, for training and simulation experiments alike:
 *   manifest.json  written once, when the folder is created (or overwritten), and never again: it describes
 *                  the runs already recorded, so a resume must not change it;
 *   runs.jsonl     append-only, one complete line per finished run, each written with a single call;
 *   .lock          held while writing (folder-lock.ts): one writer at a time.
 *
 * A folder has an identity: its kind, experiment, spec (after --quick, --set and filters) and shard. A resume
 * whose identity differs is refused, naming the fields, because its runs would be mixed with runs of another
 * setting under a manifest that describes only one of them. A folder that is not a plasticity results folder
 * (no manifest of ours) is never written into, not even with overwrite: it may hold someone's files.
 */


/** The files a results folder may hold besides the lock; overwrite removes exactly these. */
const OWN_ENTRIES = ['manifest.json', 'runs.jsonl', 'summary.csv', 'report.html', 'figures.json', 'figures', 'rule-figures', 'weights'];

export interface WriterOptions {
  dir: string;
  kind: FolderKind;
  /** The manifest for a new folder; its identity is compared with the folder's on resume. */
  manifest: Record<string, unknown>;
  /** The run ids this process may record (its shard of the plan). */
  planned: readonly string[];
  resume?: boolean;
  overwrite?: boolean;
  /** With resume: run again the runs recorded `failed` (their new lines supersede the old ones). */
  retryFailed?: boolean;
  /** Messages about what was recovered or kept (stderr at the CLI). */
  log?: (message: string) => void;
}

/** What identifies the results of a folder: two manifests with equal identities describe the same runs. */
export function folderIdentity(manifest: Record<string, unknown>): Record<string, unknown> {
  const shard = manifest.shard as { index?: number; count?: number } | undefined;
  return {
    kind: manifest.kind ?? 'training',
    experiment: manifest.experiment,
    spec: manifest.spec,
    shard: shard ? { index: shard.index, count: shard.count } : null,
    // Runs of one folder come from one kernel path (folders written before paths were recorded: the JavaScript one).
    kernels: (manifest.kernels as { path?: string } | undefined)?.path ?? 'js',
  };
}

/** Reads DIR/manifest.json when it is a plasticity results manifest; null when there is none; throws when it is foreign or broken. */
export function readOwnManifest(dir: string): Record<string, unknown> | null {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return null;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ResultsFolderError(`${path}: not valid JSON (${(e as Error).message}); this folder cannot be resumed or overwritten safely: move it aside or choose another folder`);
  }
  if (!m || typeof m !== 'object' || (m as Record<string, unknown>).format !== 'plasticity-results') {
    throw new ResultsFolderError(`${path} is not the manifest of a plasticity results folder; refusing to write into ${dir} (choose a new or empty folder)`);
  }
  return m as Record<string, unknown>;
}

export class ResultsWriter<R extends AnyRecord> {
  readonly runsPath: string;
  /** Records already in the folder that count (without the failed ones when they are to be retried), in file order. */
  readonly previous: R[];
  /** The previous records and those appended since. */
  readonly records: R[];
  /** The manifest on disk (the new one for a new folder). */
  readonly manifest: Record<string, unknown>;
  private readonly lock: FolderLock;

  private constructor(readonly dir: string, lock: FolderLock, manifest: Record<string, unknown>, previous: R[]) {
    this.runsPath = join(dir, 'runs.jsonl');
    this.lock = lock;
    this.manifest = manifest;
    this.previous = previous;
    this.records = previous.slice();
  }

  static open<R extends AnyRecord>(o: WriterOptions): ResultsWriter<R> {
    const log = o.log ?? (() => {});
    if (o.resume && o.overwrite) throw new ResultsFolderError('--resume and --overwrite contradict each other: resume keeps the recorded runs, overwrite discards them; pass one');
    if (o.retryFailed && !o.resume) throw new ResultsFolderError('--retry-failed needs --resume (it runs again the failed runs of an existing folder)');
    let dir: string;
    try {
      dir = makeFolder(o.dir, '--out');
    } catch (e) {
      throw new ResultsFolderError((e as Error).message);
    }
    let lock: FolderLock;
    try {
      lock = lockFolder(dir, log);
    } catch (e) {
      if (e instanceof FolderLockedError) throw new ResultsFolderError(e.message);
      throw e;
    }
    try {
      return ResultsWriter.prepare<R>(dir, lock, o, log);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  private static prepare<R extends AnyRecord>(dir: string, lock: FolderLock, o: WriterOptions, log: (m: string) => void): ResultsWriter<R> {
    const runsPath = join(dir, 'runs.jsonl');
    const entries = readdirSync(dir).filter((f) => f !== LOCK_FILE && !f.startsWith(`${LOCK_FILE}.`));
    const onDisk = readOwnManifest(dir);
    if (!onDisk) {
      if (entries.length > 0) {
        const what = entries.includes('runs.jsonl') ? 'runs.jsonl but no manifest.json' : `files that are not a plasticity results folder (${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''})`;
        throw new ResultsFolderError(`${dir} holds ${what}; refusing to write into it: choose a new or empty folder`);
      }
      return ResultsWriter.fresh<R>(dir, lock, o.manifest);
    }
    if (!o.resume && !o.overwrite) {
      const recorded = existsSync(runsPath) ? readFileSync(runsPath, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
      throw new ResultsFolderError(`${dir} already holds results of experiment "${String(onDisk.experiment)}" (${recorded} runs recorded); pass --resume to finish the missing runs, --overwrite to discard them, or choose another --out`);
    }
    if (o.overwrite) {
      for (const f of OWN_ENTRIES) rmSync(join(dir, f), { recursive: true, force: true });
      return ResultsWriter.fresh<R>(dir, lock, o.manifest);
    }
    const differences = deepDiff(folderIdentity(onDisk), folderIdentity(o.manifest), 12);
    if (differences.length) {
      throw new ResultsFolderError(
        `cannot resume ${dir}: it holds runs of another setting (in the folder → now):\n  ${differences.join('\n  ')}\n` +
          'Resume with the same experiment, flags and --set values, or write these runs to another --out (merge folders of one setting afterwards).',
      );
    }
    let previous: R[] = [];
    if (existsSync(runsPath)) {
      const text = readFileSync(runsPath, 'utf8');
      const parsed = parseRuns<R>(text, runsPath, { kind: o.kind, experiment: String(onDisk.experiment), planned: new Set(o.planned) });
      if (parsed.tornBytes > 0) {
        // A crash during the write of the last line: that run is dropped here and runs again.
        log(`${runsPath}: dropping an incomplete last line (${parsed.tornBytes} bytes) left by an interrupted run`);
        truncateSync(runsPath, Buffer.byteLength(text) - parsed.tornBytes);
      }
      previous = parsed.records;
      const failed = previous.filter((r) => r.status === 'failed');
      if (o.retryFailed) previous = previous.filter((r) => r.status !== 'failed');
      else if (failed.length) log(`${dir}: keeping ${failed.length} failed run${failed.length > 1 ? 's' : ''} as recorded (${failed.map((r) => r.id).slice(0, 3).join(', ')}${failed.length > 3 ? ', …' : ''}); pass --retry-failed to run them again`);
    }
    return new ResultsWriter<R>(dir, lock, onDisk, previous);
  }

  private static fresh<R extends AnyRecord>(dir: string, lock: FolderLock, manifest: Record<string, unknown>): ResultsWriter<R> {
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    writeFileSync(join(dir, 'runs.jsonl'), '');
    return new ResultsWriter<R>(dir, lock, manifest, []);
  }

  /** Appends one run's line with a single write: a crash can lose the run in progress, never half a line. */
  append(record: R): void {
    appendFileSync(this.runsPath, toJsonLine(record));
    this.records.push(record);
  }

  /** The records of the runs `ids` in that order (runs not recorded are left out). */
  inOrder(ids: readonly string[]): R[] {
    const byId = new Map(this.records.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is R => r !== undefined);
  }

  /**
   * Runs a sweep's `work` with the folder open, and closes it however the work ends; an interruption is
   * labelled with how many of the sweep's `total` runs are recorded, and where, for the message that says
   * how to resume.
   */
  async session<T>(total: number, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof InterruptedError) Object.assign(e, { recorded: this.records.length, total, outDir: this.dir });
      throw e;
    } finally {
      this.close();
    }
  }

  close(): void {
    this.lock.release();
  }
}
