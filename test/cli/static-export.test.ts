import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/report/static-export.js';
import { cliAsync, tempDir } from '../support/cli.js';

describe('static figure export', () => {
  it('without Chromium, --png explains what to install and the run still succeeds; report --png fails', async () => {
    const dir = tempDir();
    const env = { ...process.env, CHROMIUM: 'none' };
    const run = await cliAsync(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet', '--png'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/static export needs Chromium, which was not found .* apt-get install chromium/);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    const report = await cliAsync(['report', dir, '--png', '--quiet'], env);
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/static export needs Chromium/);
  });

  it('with Chromium (where installed), writes a PNG and an SVG per figure', async () => {
    if (!findChromium()) return; // covered by the test above on machines without a browser
    const dir = tempDir();
    expect((await cliAsync(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet'])).code).toBe(0);
    const r = await cliAsync(['report', dir, '--png', '--svg', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'figures'));
    expect(files).toContain('xor-test-accuracy.png');
    expect(files).toContain('xor-test-accuracy.svg');
    const png = readFileSync(join(dir, 'figures', 'xor-test-accuracy.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'figures', 'xor-test-accuracy.svg'), 'utf8')).toMatch(/^<svg[^>]+width="760"/);
  });
});
