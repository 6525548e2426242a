#!/usr/bin/env node
// Entry point for `npx plasticity`: registers tsx so the TypeScript sources (and experiment files) load directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
