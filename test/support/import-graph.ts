import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of TypeScript sources as the files themselves write it: every `import … from`,
 * `export … from`, side-effect `import '…'` and `import('…')` with a literal relative specifier, type-only
 * imports included (a cycle of types is still a cycle a reader has to untangle). Specifiers ending in `.js`
 * resolve to the `.ts` file beside them, as TypeScript's NodeNext resolution does.
 */
export type ImportGraph = Map<string, string[]>;

const SPECIFIER = /(?:^|[^.\w])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Strips comments so that an import written in a doc comment is not taken for a real one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of withoutComments(text).matchAll(SPECIFIER)) {
    let target = resolve(dirname(file), m[1]);
    if (target.endsWith('.js') && existsSync(target.slice(0, -3) + '.ts')) target = target.slice(0, -3) + '.ts';
    out.push(target);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** The graph of every source file under `dirs` (paths relative to `root`), edges only between those files. */
export function buildImportGraph(root: string, dirs: string[]): ImportGraph {
  const files = dirs.flatMap((d) => sourceFiles(join(root, d)));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const f of files) {
    const deps = importsOf(f, readFileSync(f, 'utf8')).filter((t) => known.has(t));
    graph.set(relative(root, f), deps.map((t) => relative(root, t)));
  }
  return graph;
}

/**
 * Every import cycle, as the files of each strongly connected component with more than one file (or a file
 * importing itself), each listed as one loop through it so the message can show the way round.
 */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c);
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return components.map((c) => loopThrough(graph, c));
}

/** A closed path a → … → a inside one component (breadth-first, so it is a shortest one). */
function loopThrough(graph: ImportGraph, component: string[]): string[] {
  const inside = new Set(component), start = [...component].sort()[0];
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(from.get(path[0])!);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
