import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file by renaming a finished temporary one, so a reader never sees it half-written. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
