/** The train/test partitions of a resampling evaluation, without fitting anything. @module */
import type { Rng } from "./random.ts";
import { stratifiedFolds } from "./_folds.ts";
import { resampleCounts } from "./_resample.ts";

/** The seed paper's bootstrap (train/test split inside each resample) or k-fold CV (journal version). */
export type EvaluationProtocol =
  | { readonly kind: "bootstrap"; readonly resamples?: number; readonly trainFraction?: number }
  | { readonly kind: "kfold"; readonly folds?: number; readonly repeats?: number };

/** Options for {@linkcode evaluationPartitions}. */
export interface EvaluationPartitionsOptions {
  /** Seeded generator for resamples, splits and folds; pass a fresh one. */
  readonly rng: Rng;
  /** Protocol; bootstrap defaults: 1000 resamples, trainFraction 0.7; k-fold: 6 folds, 1 repeat. */
  readonly protocol: EvaluationProtocol;
  /** First split (0-based; k-fold splits are numbered repeat-major). @default {0} */
  readonly from?: number;
  /** One past the last split. @default {all splits} */
  readonly to?: number;
}

/** One train/test partition of the patients. */
export interface EvaluationPartition {
  /** Split number (bootstrap resample, or `repeat · folds + fold`). */
  readonly index: number;
  /** Per patient: copies in the training set (bootstrap weights; k-fold 0/1). */
  readonly train: Float64Array;
  /** Per patient: copies in the test set; no patient is in both. */
  readonly test: Float64Array;
  /** The split's own generator (after the partition's draws), for what the model does inside it. */
  readonly rng: Rng;
}

/**
 * The partitions of splits `from … to − 1`: which patients train and which test each model. Split b's
 * resample is the b-th draw of the generator's stream (k-fold: the fold assignment of its repeat) and
 * its shuffling comes from `rng.fork("split<b>")` (k-fold: `fold<repeat>.<fold>`), so a generator of
 * the same seed and label gives every model the same test sets — the condition of a paired
 * comparison. Bootstrap: the labelled patients are drawn with replacement; the distinct ones are
 * shuffled and split by class into train (`trainFraction`) and test. K-fold: stratified folds.
 *
 * @param y per patient 1, 0 or NaN (excluded: never in a partition)
 * @param options rng, protocol, range
 * @returns one partition per split in the range, in order
 * @throws {RangeError} on bad protocol values or a bad range
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, evaluationPartitions } from "./mod.ts";
 * const y = Array.from({ length: 12 }, (_, i) => i % 2);
 * const folds = evaluationPartitions(y, { rng: createRng(3, "cv"), protocol: { kind: "kfold", folds: 3 } });
 * assert.equal(folds.length, 3);
 * assert.deepEqual(folds.reduce((s, f) => s + f.test.reduce((a, b) => a + b, 0), 0), 12);
 * const again = evaluationPartitions(y, { rng: createRng(3, "cv"), protocol: { kind: "kfold", folds: 3 } });
 * assert.deepEqual(again.map((f) => f.test), folds.map((f) => f.test));
 * ```
 */
export function evaluationPartitions(
  y: ArrayLike<number>,
  options: EvaluationPartitionsOptions,
): EvaluationPartition[] {
  const { rng, protocol } = options;
  const n = y.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] === 0 || y[i] === 1) rows.push(i);
  const out: EvaluationPartition[] = [];
  if (protocol.kind === "bootstrap") {
    const frac = protocol.trainFraction ?? 0.7;
    const B = protocol.resamples ?? 1000;
    if (!(frac > 0 && frac < 1)) throw new RangeError(`Cannot evaluate: trainFraction is "${frac}", expected (0, 1)`);
    if (!(Number.isInteger(B) && B >= 1)) throw new RangeError(`Cannot evaluate: resamples is "${B}"`);
    const [from, to] = range(options, B);
    const positions = Uint32Array.from(rows, (_, k) => k);
    for (let b = 0; b < to; b++) {
      const counts = resampleCounts(rows.length, positions, rng);
      if (b < from) continue;
      const w = new Float64Array(n);
      rows.forEach((i, k) => (w[i] = counts[k]!));
      const r = rng.fork(`split${b}`);
      const train = new Float64Array(n);
      const test = new Float64Array(n);
      for (const cls of [1, 0]) {
        const drawn = rows.filter((i) => w[i]! > 0 && y[i] === cls);
        for (let t = drawn.length - 1; t > 0; t--) {
          const u = r.int(t + 1);
          [drawn[t], drawn[u]] = [drawn[u]!, drawn[t]!];
        }
        const cut = Math.round(frac * drawn.length);
        drawn.forEach((i, k) => (k < cut ? (train[i] = w[i]!) : (test[i] = w[i]!)));
      }
      out.push({ index: b, train, test, rng: r });
    }
    return out;
  }
  const k = protocol.folds ?? 6;
  const repeats = protocol.repeats ?? 1;
  if (!(Number.isInteger(k) && k >= 2)) {
    throw new RangeError(`Cannot evaluate: folds is "${k}", expected an integer ≥ 2`);
  }
  const [from, to] = range(options, k * repeats);
  for (let rep = 0; rep * k < to; rep++) {
    const fold = stratifiedFolds(y, undefined, k, rng);
    for (let f = 0; f < k; f++) {
      const s = rep * k + f;
      if (s < from || s >= to) continue;
      const train = Float64Array.from(fold, (v) => (v >= 0 && v !== f ? 1 : 0));
      const test = Float64Array.from(fold, (v) => (v === f ? 1 : 0));
      out.push({ index: s, train, test, rng: rng.fork(`fold${rep}.${f}`) });
    }
  }
  return out;
}

function range(o: EvaluationPartitionsOptions, total: number): [number, number] {
  const from = o.from ?? 0;
  const to = o.to ?? total;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= total)) {
    throw new RangeError(`Cannot evaluate: split range [${from}, ${to}) is outside [0, ${total})`);
  }
  return [from, to];
}
