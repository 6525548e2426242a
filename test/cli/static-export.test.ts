import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/plot/static-export.js';
import { cli, ROOT, tempDir } from '../support/cli.js';

describe('static figure export', () => {
  it('without Chromium, --png explains what to install and the run still succeeds; report --png fails', () => {
    const dir = tempDir();
    const env = { ...process.env, CHROMIUM: 'none' };
    const bin = join(ROOT, 'src/cli/plasticity.js');
    const run = spawnSync(process.execPath, [bin, 'run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet', '--png'], { cwd: ROOT, encoding: 'utf8', env });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/static export needs Chromium, which was not found .* apt-get install chromium/);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    const report = spawnSync(process.execPath, [bin, 'report', dir, '--png', '--quiet'], { cwd: ROOT, encoding: 'utf8', env });
    expect(report.status).toBe(1);
    expect(report.stderr).toMatch(/static export needs Chromium/);
  });

  it('with Chromium (where installed), writes a PNG and an SVG per figure', () => {
    if (!findChromium()) return; // covered by the test above on machines without a browser
    const dir = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet']).code).toBe(0);
    const r = cli(['report', dir, '--png', '--svg', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'figures'));
    expect(files).toContain('xor-test-accuracy.png');
    expect(files).toContain('xor-test-accuracy.svg');
    const png = readFileSync(join(dir, 'figures', 'xor-test-accuracy.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'figures', 'xor-test-accuracy.svg'), 'utf8')).toMatch(/^<svg[^>]+width="760"/);
  });
});
