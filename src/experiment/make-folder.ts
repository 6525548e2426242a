import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `dir` and any missing parents, one level at a time, and names the folder and the reason when a
 * level cannot be made. Node's own `mkdirSync(dir, { recursive: true })` is not used: on a pseudo file
 * system such as /proc, where mkdir answers ENOENT although the parent exists, it retries forever.
 * `what` names the setting in messages (e.g. "--out").
 */
export function makeFolder(dir: string, what = 'folder'): string {
  if (typeof dir !== 'string' || dir.trim() === '') throw new Error(`${what}: expected a folder path, got ${JSON.stringify(dir)}`);
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new Error(`${what}: ${at} is a file, not a folder`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(level).isDirectory()) continue; // made meanwhile by another process
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOENT' ? 'the file system does not allow folders there' : code === 'ENOTDIR' ? 'a parent is a file' : code;
      throw new Error(`${what}: cannot create ${level} (${why})`);
    }
  }
  return target;
}
