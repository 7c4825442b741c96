/**
 * "Did you mean …?" suggestions for misspelt names.
 *
 * @module
 */

/**
 * The candidate closest to `name` by Levenshtein distance, if it is close enough
 * (distance ≤ max(1, ⌊length / 3⌋)).
 *
 * @param name the misspelt name
 * @param candidates known names
 * @returns the suggestion, or `undefined`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { closestName } from "./closest_name.ts";
 * assert.equal(closestName("epoch", ["epochs", "seed"]), "epochs");
 * assert.equal(closestName("zzz", ["epochs"]), undefined);
 * ```
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = levenshtein(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
