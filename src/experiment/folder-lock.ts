import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * One writer at a time per results folder. Two processes appending to one runs.jsonl would each run every
 * run and write it twice, so a writer holds DIR/.lock: a JSON file naming its pid, host and start time.
 *
 * The lock is taken atomically (the content is written to a private file, then hard-linked to the lock's
 * name, which fails if the lock exists), so a reader never sees a half-written lock. A lock whose holder is
 * gone (same host, and no process with that pid and start time) is stale: a crash or SIGKILL leaves one
 * behind, and the next writer removes it and says so. A lock held on another host cannot be checked from
 * here; the message says how to remove it by hand.
 */
export const LOCK_FILE = '.lock';

interface Holder {
  pid: number;
  host: string;
  /** The holder's start time as the kernel counts it (Linux: /proc/<pid>/stat field 22), so a reused pid is not taken for the holder. */
  processStart: string | null;
  since: string;
  command: string;
}

export interface FolderLock {
  readonly path: string;
  release(): void;
}

/** A usage-level problem with the folder (exit 2 at the CLI): it is locked by someone else. */
export class FolderLockedError extends Error {}

function processStart(pid: number): string | null {
  try {
    // Field 22 (starttime) follows the command name, which is in parentheses and may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(h: Holder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(h.pid);
  return h.processStart === null || start === null || start === h.processStart;
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** Takes DIR's lock or throws FolderLockedError naming the holder. `note` hears about a stale lock removed. */
export function lockFolder(dir: string, note: (m: string) => void = () => {}): FolderLock {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), processStart: processStart(process.pid), since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  const mine = `${path}.${process.pid}.${Date.now()}`;
  writeFileSync(mine, JSON.stringify(me) + '\n');
  try {
    // Two attempts: the second follows the removal of a stale lock (another writer may win that race).
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readHolder(path);
      if (attempt > 0 || (holder && (holder.host !== me.host || alive(holder)))) {
        const where = !holder ? 'unknown holder' : holder.host === me.host ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
        throw new FolderLockedError(
          `${dir} is in use by another plasticity process (${where}${holder ? `, since ${holder.since}: ${holder.command}` : ''}); wait for it to finish or choose another --out` +
            (holder && holder.host === me.host ? '' : `; if that process is gone, delete ${path}`),
        );
      }
      note(holder ? `${path}: removing the lock of pid ${holder.pid}, which is no longer running` : `${path}: removing an unreadable lock file`);
      unlinkSync(path);
    }
  } finally {
    unlinkSync(mine);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return {
    path,
    release() {
      process.removeListener('exit', release);
      release();
    },
  };
}
