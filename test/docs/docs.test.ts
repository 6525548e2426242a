/**
 * Every code block in docs/*.md and notebooks/README.md is checked, so none goes stale:
 *
 *   ```ts [file=NAME]   typechecked (strict, the repository's tsconfig) and run with tsx, in document order;
 *                       with file=NAME it is saved under that name for later blocks to import or run
 *   ```sh               run with bash (set -euo pipefail) in the document's sandbox folder
 *   ```sh norun         cannot run here (a Slurm script, a full-size run): `bash -n`, and every
 *                       `plasticity` command in it must use a known command, known flags and a known
 *                       experiment; every `npm run X` a script in package.json
 *   ```yaml             parsed (all documents), with the same check of the commands it holds
 *   ```bibtex           balanced braces, and the version field equals package.json's
 *   ```text             output or a listing, not code: not checked
 * Any other fence is an error, so a new kind of block must come with a way to check it.
 *
 * Blocks are written as if they were files at the repository's top level ('./src/…' imports); each
 * document gets a sandbox folder test/docs/.tmp/<document>/ (git-ignored), and imports of './src/',
 * './rules/', './experiments/' and './notebooks/' are pointed back at the repository from there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, 'test', 'docs', '.tmp');
const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx/cli');
const TSC = require.resolve('typescript/bin/tsc');
const CLI = join(ROOT, 'src', 'cli', 'plasticity.js');

export interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  attrs: Record<string, string | true>;
  code: string;
}

/** The fenced code blocks of a Markdown text, with their info strings split into language and attributes. */
export function codeBlocks(markdown: string, doc: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const attrs: Record<string, string | true> = {};
    for (const a of open[2].trim().split(/\s+/).filter(Boolean)) {
      const [k, v] = a.split('=');
      attrs[k] = v ?? true;
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) body.push(lines[j++]);
    if (j >= lines.length) throw new Error(`${doc}:${i + 1}: code block never closed`);
    out.push({ doc, line: i + 1, lang: open[1], attrs, code: body.join('\n') + '\n' });
    i = j;
  }
  return out;
}

const DOCS = [...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`), 'notebooks/README.md'];
const sandboxOf = (doc: string) => join(TMP, doc.replace(/\.md$/, '').replace(/[/\\]/g, '-'));
const fileOf = (b: Block) => join(sandboxOf(b.doc), typeof b.attrs.file === 'string' ? b.attrs.file : `block-L${b.line}.mts`);
const where = (b: Block) => `${b.doc}:${b.line}`;

/** Points './src/…' (etc.) imports of a block at the repository, seen from the block's sandbox. */
function rewriteImports(code: string, sandbox: string): string {
  const rel = relative(sandbox, ROOT).split('\\').join('/');
  return code.replace(/(['"])\.\/(src|rules|experiments|notebooks)\//g, `$1${rel}/$2/`);
}

function run(command: string, args: string[], cwd: string, timeout = 120_000) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

// --- what the CLI knows, for blocks that cannot run --------------------------------------------------

const COMMANDS = ['run', 'list', 'report', 'merge', 'reproduce', 'help'];
const helpCache = new Map<string, string>();
function helpOf(command: string): string {
  if (!helpCache.has(command)) helpCache.set(command, run(process.execPath, [CLI, 'help', command], ROOT).out);
  return helpCache.get(command)!;
}
const experiments = readdirSync(join(ROOT, 'experiments')).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));
const npmScripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** Problems with the `plasticity …` and `npm run …` commands in a piece of shell text. */
export function commandProblems(text: string): string[] {
  const problems: string[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const m of joined.matchAll(/\bplasticity\s+([\w-]+)([^\n;&|)"'#]*)/g)) {
    const [, command, rest] = m;
    if (command === 'run' || COMMANDS.includes(command)) {
      const help = helpOf(command);
      for (const flag of rest.match(/(?<![\w-])--[\w-]+/g) ?? []) {
        if (!new RegExp(`(^|[\\s,])${flag}(?![\\w-])`, 'm').test(help)) problems.push(`plasticity ${command}: unknown flag ${flag}`);
      }
      if (command === 'run') {
        const name = rest.trim().split(/\s+/)[0];
        if (name && !name.startsWith('-') && !/[/\\]|\.m?ts$/.test(name) && !name.startsWith('$') && !experiments.includes(name)) problems.push(`plasticity run: unknown experiment "${name}"`);
      }
    } else problems.push(`unknown command "plasticity ${command}"`);
  }
  for (const m of joined.matchAll(/\bnpm run ([\w:-]+)/g)) if (!npmScripts.includes(m[1])) problems.push(`npm run ${m[1]}: no such script in package.json`);
  return problems;
}

// --- the blocks -----------------------------------------------------------------------------------------

const allBlocks = DOCS.flatMap((doc) => codeBlocks(readFileSync(join(ROOT, doc), 'utf8'), doc));
const KNOWN = ['ts', 'sh', 'yaml', 'bibtex', 'text'];
const tsBlocks = allBlocks.filter((b) => b.lang === 'ts');

beforeAll(() => {
  rmSync(TMP, { recursive: true, force: true });
  for (const doc of DOCS) mkdirSync(sandboxOf(doc), { recursive: true });
  for (const b of tsBlocks) writeFileSync(fileOf(b), rewriteImports(b.code, sandboxOf(b.doc)));
  writeFileSync(join(TMP, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', include: ['./**/*.mts'] }, null, 2));
});

describe('docs code blocks', () => {
  it('use only fences the test knows how to check', () => {
    const unknown = allBlocks.filter((b) => !KNOWN.includes(b.lang)).map((b) => `${where(b)}: \`\`\`${b.lang || '(no language)'}`);
    expect(unknown).toEqual([]);
    expect(tsBlocks.length).toBeGreaterThan(0);
  });

  it('ts blocks typecheck (strict)', () => {
    const r = run(process.execPath, [TSC, '--noEmit', '-p', join(TMP, 'tsconfig.json')], ROOT);
    // Point each error at the document line it comes from.
    const byFile = new Map(tsBlocks.map((b) => [relative(ROOT, fileOf(b)), b]));
    const readable = r.out.replace(/^(test\/docs\/\.tmp\/[^(]+)\((\d+),\d+\)/gm, (all, file: string, line: string) => {
      const b = byFile.get(file);
      return b ? `${b.doc}:${b.line + Number(line)} (${basename(file)})` : all;
    });
    expect(r.status, readable).toBe(0);
  });

  for (const doc of DOCS) {
    const checked = allBlocks.filter((x) => x.doc === doc && x.lang !== 'text');
    if (checked.length === 0) continue;
    describe(doc, () => {
      for (const b of checked) {
        const label = `${b.lang}${Object.keys(b.attrs).length ? ' ' + Object.entries(b.attrs).map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(' ') : ''} at line ${b.line}`;
        it(label, () => {
          const sandbox = sandboxOf(doc);
          if (b.lang === 'ts') {
            const r = run(process.execPath, [TSX, fileOf(b)], sandbox);
            expect(r.status, `${where(b)}:\n${r.out}`).toBe(0);
          } else if (b.lang === 'sh' && !b.attrs.norun) {
            expect(commandProblems(b.code), where(b)).toEqual([]);
            const r = run('bash', ['-euo', 'pipefail', '-c', b.code], sandbox);
            expect(r.status, `${where(b)}:\n${r.out}`).toBe(0);
          } else if (b.lang === 'sh') {
            const r = run('bash', ['-n', '-c', b.code], sandbox);
            expect(r.status, `${where(b)}: bash -n\n${r.out}`).toBe(0);
            expect(commandProblems(b.code), where(b)).toEqual([]);
          } else if (b.lang === 'yaml') {
            const docs = parseAllDocuments(b.code);
            const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
            expect(errors, where(b)).toEqual([]);
            const strings: string[] = [];
            const walk = (v: unknown): void => {
              if (typeof v === 'string') strings.push(v);
              else if (Array.isArray(v)) v.forEach(walk);
              else if (v && typeof v === 'object') Object.values(v).forEach(walk);
            };
            docs.forEach((d) => walk(d.toJS()));
            expect(commandProblems(strings.join('\n')), where(b)).toEqual([]);
          } else if (b.lang === 'bibtex') {
            let depth = 0;
            for (const c of b.code) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
            expect(depth, `${where(b)}: unbalanced braces`).toBe(0);
            const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
            expect(/version\s*=\s*\{([^}]*)\}/.exec(b.code)?.[1], `${where(b)}: version field`).toBe(version);
          }
        });
      }
    });
  }
});
