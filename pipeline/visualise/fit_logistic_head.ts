/**
 * Fitting the logistic head of P(death) on selected features, as the `visualise` stage explains it.
 *
 * @module
 */
import { logisticRegression } from "../../stats/logistic_regression.ts";
import { type LogisticHead, logisticHead } from "./logistic_head.ts";

/**
 * An unpenalised logistic model of the endpoint on the standardised features (mean 0, SD 1 over all
 * patients; a constant feature keeps scale 1), fitted on the labelled patients (NaN labels left out).
 *
 * @param columns each feature's values over the patients, by feature name (model term order)
 * @param labels 1, 0 or NaN per patient
 * @returns the head, with the standardisation as its means and scales
 * @throws {RangeError} when a column's length differs from the labels' or the fit fails (see `logisticRegression`)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitLogisticHead } from "./fit_logistic_head.ts";
 * const head = fitLogisticHead(new Map([["C01", [1, 2, 3, 4, 5, 6]]]), [0, 0, 1, 0, 1, 1]);
 * assert.ok(head.coefficients.get("C01")! > 0);
 * assert.equal(head.means!.get("C01"), 3.5);
 * ```
 */
export function fitLogisticHead(
  columns: ReadonlyMap<string, ArrayLike<number>>,
  labels: ArrayLike<number>,
): LogisticHead {
  const n = labels.length;
  const names = [...columns.keys()];
  const means: Record<string, number> = {};
  const scales: Record<string, number> = {};
  const data = new Float64Array(n * names.length);
  names.forEach((f, k) => {
    const x = columns.get(f)!;
    if (x.length !== n) {
      throw new RangeError(`Cannot fit the logistic head: feature "${f}" has ${x.length} values for ${n} patients`);
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
    const sd = Math.sqrt(ss / n) || 1;
    means[f] = mean;
    scales[f] = sd;
    for (let i = 0; i < n; i++) data[k * n + i] = (x[i]! - mean) / sd;
  });
  const y = Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : v));
  const weights = Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : 1));
  const fit = logisticRegression({ nRows: n, nCols: names.length, data }, y, { weights });
  return logisticHead(
    fit.coefficients[0]!,
    Object.fromEntries(names.map((f, k) => [f, fit.coefficients[k + 1]!])),
    { means, scales },
  );
}
