/**
 * Paired AUC comparisons of two models scored on the same splits (private to the stages): DeLong per
 * fold and on the pooled out-of-fold predictions (k-fold), or the per-resample AUC difference with its
 * percentile interval (bootstrap, where a patient recurs across resamples and DeLong's independence
 * does not hold). Throws when the two models were not tested on the same patients.
 */
import { delongTest } from "../../../stats/delong_test.ts";
import { pairedDifference } from "../../../stats/paired_difference.ts";

/** One model's test predictions of one split. */
export interface SplitPredictions {
  readonly split: number;
  readonly patients: readonly string[];
  readonly labels: readonly number[];
  readonly scores: readonly number[];
}

/** One comparison row (`split`: a fold number, `pooled`, or `resamples`). */
export interface PairedAucRow {
  readonly split: string;
  readonly aucModel: number;
  readonly aucComparator: number;
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  readonly z: number;
  readonly p: number;
}

const Z95 = 1.959963984540054;

function delongRow(split: string, y: number[], a: number[], b: number[]): PairedAucRow {
  if (!y.includes(0) || !y.includes(1)) {
    return { split, aucModel: NaN, aucComparator: NaN, difference: NaN, lower: NaN, upper: NaN, z: NaN, p: NaN };
  }
  const t = delongTest(y, [a, b]);
  const se = t.standardError;
  return {
    split,
    aucModel: t.estimate[0],
    aucComparator: t.estimate[1],
    difference: t.difference,
    lower: t.difference - Z95 * se,
    upper: t.difference + Z95 * se,
    z: t.statistic,
    p: t.pValue,
  };
}

/**
 * DeLong tests per fold and pooled over the folds' test predictions.
 *
 * @param model the reference model's folds (e.g. U-Net features)
 * @param comparator the comparator's folds, same splits
 * @param what names the comparison in errors
 * @returns one row per fold, then the pooled row
 * @throws {Error} when a fold's test patients or labels differ between the two models
 */
export function pairedDelong(
  model: readonly SplitPredictions[],
  comparator: readonly SplitPredictions[],
  what: string,
): PairedAucRow[] {
  const bySplit = new Map(comparator.map((s) => [s.split, s]));
  const rows: PairedAucRow[] = [];
  const pooled = { y: [] as number[], a: [] as number[], b: [] as number[] };
  for (const m of model) {
    const c = bySplit.get(m.split);
    const index = new Map(c?.patients.map((id, i) => [id, i]));
    if (!c || c.patients.length !== m.patients.length || m.patients.some((id) => !index.has(id))) {
      throw new Error(`Cannot compare ${what}: split ${m.split} has different test patients for the two models`);
    }
    const b = m.patients.map((id) => c.scores[index.get(id)!]!);
    if (m.patients.some((id, i) => c.labels[index.get(id)!] !== m.labels[i])) {
      throw new Error(`Cannot compare ${what}: split ${m.split} has different labels for the two models`);
    }
    rows.push(delongRow(String(m.split), [...m.labels], [...m.scores], b));
    pooled.y.push(...m.labels);
    pooled.a.push(...m.scores);
    pooled.b.push(...b);
  }
  if (bySplit.size !== model.length) throw new Error(`Cannot compare ${what}: the models ran different splits`);
  rows.push(delongRow("pooled", pooled.y, pooled.a, pooled.b));
  return rows;
}

/**
 * The paired bootstrap difference of AUC(model) − AUC(comparator) over the same resamples.
 *
 * @param model per split AUC of the reference model
 * @param comparator per split AUC of the comparator, same splits
 * @returns one row (`split: "resamples"`; no z)
 */
export function pairedResampleDifference(model: readonly number[], comparator: readonly number[]): PairedAucRow {
  const mean = (v: readonly number[]) => {
    const x = v.filter((t) => !Number.isNaN(t));
    return x.length ? x.reduce((s, t) => s + t, 0) / x.length : NaN;
  };
  const d = pairedDifference(model, comparator);
  return {
    split: "resamples",
    aucModel: mean(model),
    aucComparator: mean(comparator),
    difference: d.estimate,
    lower: d.ci[0],
    upper: d.ci[1],
    z: NaN,
    p: d.pValue,
  };
}
