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
 * Blocks are written as if they were files and commands at the repository's top level ('./src/…'
 * imports, `npx tsx notebooks/…`); each document gets a sandbox folder test/docs/.tmp/<document>/
 * (git-ignored) holding symbolic links to the repository's src, rules, experiments and notebooks, so
 * the blocks run verbatim while whatever they write stays in the sandbox. A small `npx` first on the PATH
 * runs `npx plasticity …` and `npx tsx …` as npx would (the package's bin, src/cli/plasticity.js, and
 * tsx's CLI) without npm's half-second start-up each time; anything else goes to the real npx.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, 'test', 'docs', '.tmp');
const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx/cli');
const TSC = require.resolve('typescript/bin/tsc');

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

const LINKED = ['src', 'rules', 'experiments', 'notebooks'];

const BIN = join(TMP, 'bin');
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', PATH: `${BIN}:${process.env.PATH ?? ''}` };
const REAL_NPX = spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim();

/** Runs a command without blocking, so the documents' blocks can run side by side. */
function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: ENV, timeout });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => (out += String(e)));
    child.on('close', (status) => resolve({ status, out }));
  });
}

// --- what the CLI knows, for blocks that cannot run --------------------------------------------------

const COMMANDS = ['run', 'list', 'report', 'merge', 'reproduce', 'help'];
const helpCache = new Map<string, string>();
/** `plasticity help <command>`, from the CLI's own main() in this process (it prints with console.log). */
async function loadHelp(): Promise<void> {
  const log = console.log;
  try {
    for (const command of COMMANDS) {
      let text = '';
      console.log = (...a: unknown[]) => void (text += a.join(' ') + '\n');
      await main(['help', command]);
      helpCache.set(command, text);
    }
  } finally {
    console.log = log;
  }
}
function helpOf(command: string): string {
  const help = helpCache.get(command);
  if (help === undefined) throw new Error(`no help text for "${command}"`);
  return help;
}
const experiments = readdirSync(join(ROOT, 'experiments')).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));
const npmScripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** Problems with the `plasticity …` and `npm run …` commands in a piece of shell text. */
export function commandProblems(text: string): string[] {
  const problems: string[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const m of joined.matchAll(/\bplasticity[ \t]+([\w-]+)([^\n;&|)#]*)/g)) {
    const [, command, rest] = m;
    if (command === 'run' || COMMANDS.includes(command)) {
      const help = helpOf(command);
      for (const flag of rest.match(/(?<![\w-])--[\w-]+/g) ?? []) {
        if (!new RegExp(`(^|[\\s,[])${flag}(?![\\w-])`, 'm').test(help)) problems.push(`plasticity ${command}: unknown flag ${flag}`);
      }
      if (command === 'run') {
        const name = rest.trim().split(/\s+/)[0].replace(/^["']|["']$/g, '');
        if (name && !/^[-$<]/.test(name) && !/^[A-Z]+$/.test(name) && !/[/\\]|\.m?ts$/.test(name) && !experiments.includes(name)) problems.push(`plasticity run: unknown experiment "${name}"`);
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

beforeAll(async () => {
  await loadHelp();
  rmSync(TMP, { recursive: true, force: true });
  for (const doc of DOCS) {
    mkdirSync(sandboxOf(doc), { recursive: true });
    for (const name of LINKED) symlinkSync(join(ROOT, name), join(sandboxOf(doc), name), 'dir');
  }
  for (const b of tsBlocks) writeFileSync(fileOf(b), b.code);
  mkdirSync(BIN, { recursive: true });
  const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    join(BIN, 'npx'),
    `#!/bin/sh\ncase "$1" in\n  plasticity) shift; exec ${q(process.execPath)} ${q(join(ROOT, 'src', 'cli', 'plasticity.js'))} "$@" ;;\n  tsx) shift; exec ${q(process.execPath)} ${q(TSX)} "$@" ;;\n  *) exec ${q(REAL_NPX || 'npx')} "$@" ;;\nesac\n`,
  );
  chmodSync(join(BIN, 'npx'), 0o755);
  writeFileSync(join(TMP, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', include: ['./**/*.mts'] }, null, 2));
});

/** What is wrong with one block (nothing: an empty list). */
async function checkBlock(b: Block): Promise<string[]> {
  const sandbox = sandboxOf(b.doc);
  const failed = (r: { status: number | null; out: string }, what: string) => (r.status === 0 ? [] : [`${what} exited with ${r.status}:\n${r.out.trimEnd()}`]);
  if (b.lang === 'ts') return failed(await run(process.execPath, [TSX, fileOf(b)], sandbox), `tsx ${basename(fileOf(b))}`);
  if (b.lang === 'sh' && !b.attrs.norun) {
    const problems = commandProblems(b.code);
    return problems.length ? problems : failed(await run('bash', ['-euo', 'pipefail', '-c', b.code], sandbox), 'bash');
  }
  if (b.lang === 'sh') return [...failed(await run('bash', ['-n', '-c', b.code], sandbox), 'bash -n'), ...commandProblems(b.code)];
  if (b.lang === 'yaml') {
    const docs = parseAllDocuments(b.code);
    const errors = docs.flatMap((d) => d.errors.map((e) => `YAML: ${e.message}`));
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    docs.forEach((d) => walk(d.toJS()));
    return [...errors, ...commandProblems(strings.join('\n'))];
  }
  if (b.lang === 'bibtex') {
    let depth = 0;
    for (const c of b.code) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const cited = /version\s*=\s*\{([^}]*)\}/.exec(b.code)?.[1];
    return [...(depth === 0 ? [] : ['unbalanced braces']), ...(cited === version ? [] : [`version field ${cited} is not package.json's ${version}`])];
  }
  return [];
}

describe('docs code blocks', () => {
  it('use only fences the test knows how to check', () => {
    const unknown = allBlocks.filter((b) => !KNOWN.includes(b.lang)).map((b) => `${where(b)}: \`\`\`${b.lang || '(no language)'}`);
    expect(unknown).toEqual([]);
    expect(tsBlocks.length).toBeGreaterThan(0);
  });

  it.concurrent('ts blocks typecheck (strict)', async () => {
    const r = await run(process.execPath, [TSC, '--noEmit', '-p', join(TMP, 'tsconfig.json')], ROOT);
    // Point each error at the document line it comes from.
    const byFile = new Map(tsBlocks.map((b) => [relative(ROOT, fileOf(b)), b]));
    const readable = r.out.replace(/^(test\/docs\/\.tmp\/[^(]+)\((\d+),\d+\)/gm, (all, file: string, line: string) => {
      const b = byFile.get(file);
      return b ? `${b.doc}:${b.line + Number(line)} (${basename(file)})` : all;
    });
    expect(r.status, readable).toBe(0);
  });

  it('inline commands and flags in the prose are the CLI\'s', () => {
    const allHelp = COMMANDS.map(helpOf).join('\n');
    const problems: string[] = [];
    for (const doc of DOCS.filter((d) => d.startsWith('docs/'))) {
      const text = readFileSync(join(ROOT, doc), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
      for (const [, span] of text.matchAll(/`([^`\n]+)`/g)) {
        if (/\bplasticity [a-z]/.test(span)) problems.push(...commandProblems(span).map((p) => `${doc}: \`${span}\`: ${p}`));
        const flag = /^--[\w-]+/.exec(span)?.[0];
        if (flag && !new RegExp(`(^|[\\s,[])${flag}(?![\\w-])`, 'm').test(allHelp)) problems.push(`${doc}: \`${span}\`: no command has ${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  // One test per document: its blocks run in order (later blocks may use what earlier ones wrote);
  // documents run side by side.
  for (const doc of DOCS) {
    const checked = allBlocks.filter((x) => x.doc === doc && x.lang !== 'text');
    if (checked.length === 0) continue;
    it.concurrent(`${doc}: ${checked.length} blocks`, async () => {
      const problems: string[] = [];
      for (const b of checked) problems.push(...(await checkBlock(b)).map((p) => `${where(b)} (${b.lang}${b.attrs.norun ? ' norun' : ''}): ${p}`));
      expect(problems).toEqual([]);
    });
  }
});
