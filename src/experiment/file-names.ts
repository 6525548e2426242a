import { createHash } from 'node:crypto';

/**
 * File-system-safe names for a results folder's per-run files and folders (weights/<run>/,
 * rule-figures/<run>.json). A run id such as "backprop/mnist/seed1" becomes readable text plus a short hash
 * of the exact id, "backprop_mnist_seed1-64654af5": the readable part alone is not one-to-one (labels
 * "a/b" and "a_b" both read "a_b"), and two runs sharing a folder would overwrite each other's files.
 */
export function runFileName(id: string): string {
  return `${readable(id)}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/** Letters, digits, `.`, `-` and `_` kept; `->` read as "_to_"; anything else becomes "_". Not one-to-one. */
export function readable(s: string): string {
  return s.replace(/->/g, '_to_').replace(/[^\w.-]+/g, '_');
}
