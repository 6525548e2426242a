import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycles, importsOf } from '../support/import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('import structure', () => {
  const graph = buildImportGraph(ROOT, ['src', 'rules', 'experiments']);

  it('reads the imports the files write (and none from comments)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/training/trainer.ts')).toContain('src/learning/rule.ts');
    expect(graph.get('rules/backprop.ts')).toEqual(expect.arrayContaining(['src/learning/feedback.ts', 'src/learning/local-update.ts']));
    const fake = importsOf('/r/a.ts', "// import { x } from './b.js';\n/* import './c.js' */\nimport type { T } from './d.js';\nexport { y } from './e.js';\nconst m = await import('./f.js');");
    expect(fake).toEqual(['/r/d.js', '/r/e.js', '/r/f.js']);
  });

  it('finds a cycle when there is one, and shows the way round', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']]]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no import cycle anywhere in src/, rules/ and experiments/', () => {
    const cycles = findCycles(graph).map((c) => c.join(' -> '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('keeps the engine free of built-in rules: only the CLI and the worker threads see rules/', () => {
    const offenders = [...graph].filter(([f, deps]) => f.startsWith('src/') && !f.startsWith('src/cli/') && f !== 'src/experiment/worker.ts' && deps.some((d) => d.startsWith('rules/')));
    expect(offenders.map(([f]) => f)).toEqual([]);
  });
});
