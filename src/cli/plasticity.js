#!/usr/bin/env node
// Entry point for `npx plasticity`: registers tsx so the TypeScript sources (and experiment files) load directly.
import { register } from 'tsx/esm/api';

register();
let main;
try {
  ({ main } = await import('./main.ts'));
} catch (e) {
  // The kernels are chosen while modules load (some cache them at import): a bad setting surfaces here.
  if (e?.name !== 'KernelSettingError') throw e;
  console.error(`plasticity: ${e.message}`);
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
