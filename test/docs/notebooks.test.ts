/**
 * The notebooks are generated from their script twins (notebooks/build.ts). Here: the committed .ipynb
 * are exactly what the scripts generate, the generator's format rules hold, and notebook → script →
 * notebook is lossless. Running the notebooks is `npm run notebooks` (it needs Jupyter).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookJson, notebookScripts, outOfSync, parseScript, scriptText } from '../../notebooks/build.js';

describe('notebooks', () => {
  it('there are the four notebooks of the README, each with a generated .ipynb in sync with its script', () => {
    expect(notebookScripts().map((s) => basename(s))).toEqual(['01-quickstart.ts', '02-credit-assignment.ts', '03-spiking-and-stdp.ts', '04-your-own-rule.ts']);
    expect(outOfSync()).toEqual([]);
  });

  it('every notebook uses the repository kernel and has no outputs committed', () => {
    for (const script of notebookScripts()) {
      const nb = JSON.parse(readFileSync(script.replace(/\.ts$/, '.ipynb'), 'utf8')) as { metadata: { kernelspec: { name: string } }; cells: { cell_type: string; outputs?: unknown[] }[] };
      expect(nb.metadata.kernelspec.name).toBe('plasticity-deno');
      expect(nb.cells.filter((c) => c.cell_type === 'code').every((c) => c.outputs?.length === 0)).toBe(true);
      expect(nb.cells[0].cell_type).toBe('markdown');
    }
  });

  it('parses cells, and a script written back from its cells gives the same notebook', () => {
    const text = '// %% [markdown]\n// # Title\n//\n// Some *text*.\n\n// %%\nconst x = 1;\n\nconsole.log(x);\n\n// %%\nconsole.log(2);\n';
    const cells = parseScript(text);
    expect(cells).toEqual([
      { kind: 'markdown', lines: ['# Title', '', 'Some *text*.'] },
      { kind: 'code', lines: ['const x = 1;', '', 'console.log(x);'] },
      { kind: 'code', lines: ['console.log(2);'] },
    ]);
    expect(notebookJson(parseScript(scriptText(cells)), 'x.ts')).toBe(notebookJson(cells, 'x.ts'));
    for (const script of notebookScripts()) {
      const original = parseScript(readFileSync(script, 'utf8'));
      expect(parseScript(scriptText(original))).toEqual(original);
    }
  });

  it('rejects malformed scripts, naming the line', () => {
    expect(() => parseScript('const x = 1;\n// %%\n', 'a.ts')).toThrow(/a\.ts:1: text before the first cell marker/);
    expect(() => parseScript('// %% [markdown]\nnot a comment\n', 'b.ts')).toThrow(/b\.ts:2: a Markdown cell holds only/);
    expect(() => parseScript('// %% [raw]\n', 'c.ts')).toThrow(/c\.ts:1: unknown cell marker/);
    expect(() => parseScript('// %%\n\n// %%\nx;\n', 'd.ts')).toThrow(/cell 1 is empty/);
  });
});
