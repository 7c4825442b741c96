/**
 * Adebayo et al.'s data-randomisation test adapted to the study's two-step model (2018, "Sanity checks for
 * saliency maps"): the outcome labels are permuted (seeded) and the logistic head of P(death) is refitted on
 * them — same encoder, same selected features. A map that explains the outcome must change.
 *
 * @module
 */
import { createRng } from "../../stats/random.ts";
import { fitLogisticHead } from "./fit_logistic_head.ts";
import type { LogisticHead } from "./logistic_head.ts";

/**
 * The labels with the labelled patients' values shuffled among themselves (Fisher–Yates); NaN (excluded)
 * patients keep NaN.
 *
 * @param labels 1, 0 or NaN per patient
 * @param seed seed of the permutation
 * @param k index of the permutation (its own stream: `visualise/outcome-permutation/<k>`)
 * @returns the permuted labels
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { permuteLabels } from "./outcome_randomisation.ts";
 * const p = permuteLabels([1, 0, NaN, 1, 0, 0], 42, 0);
 * assert.ok(Number.isNaN(p[2]!));
 * assert.equal([...p].filter((v) => v === 1).length, 2);
 * ```
 */
export function permuteLabels(labels: ArrayLike<number>, seed: number, k: number): Float64Array {
  const out = Float64Array.from(labels);
  const rows: number[] = [];
  for (let i = 0; i < out.length; i++) if (!Number.isNaN(out[i]!)) rows.push(i);
  const values = rows.map((i) => out[i]!);
  const rng = createRng(seed, `visualise/outcome-permutation/${k}`);
  for (let i = values.length - 1; i > 0; i--) {
    const r = rng.int(i + 1);
    [values[i], values[r]] = [values[r]!, values[i]!];
  }
  rows.forEach((row, t) => (out[row] = values[t]!));
  return out;
}

/**
 * Logistic heads refitted on `count` seeded permutations of the labels (see {@linkcode permuteLabels}).
 *
 * @param columns the head's features over the patients, by name
 * @param labels 1, 0 or NaN per patient
 * @param options number of permutations and seed
 * @returns one head per permutation
 * @throws {RangeError} as `fitLogisticHead`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { permutedHeads } from "./outcome_randomisation.ts";
 * const heads = permutedHeads(new Map([["C01", [1, 2, 3, 4, 5, 6, 7, 8]]]), [0, 0, 1, 0, 1, 1, 0, 1], { count: 2, seed: 1 });
 * assert.equal(heads.length, 2);
 * ```
 */
export function permutedHeads(
  columns: ReadonlyMap<string, ArrayLike<number>>,
  labels: ArrayLike<number>,
  options: { readonly count: number; readonly seed: number },
): LogisticHead[] {
  return Array.from(
    { length: options.count },
    (_, k) => fitLogisticHead(columns, permuteLabels(labels, options.seed, k)),
  );
}
