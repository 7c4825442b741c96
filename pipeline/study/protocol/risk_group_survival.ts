/**
 * The time-to-event view of a signature: a logistic score fitted on the endpoint's labelled
 * patients, then on every patient's full follow-up — Kaplan–Meier by median-split risk group,
 * log-rank test, Cox regression on the score (Efron ties) and Harrell's C.
 *
 * @module
 */
import { coxRegression } from "../../../stats/cox_regression.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { harrellC } from "../../../stats/harrell_c.ts";
import { kaplanMeier } from "../../../stats/kaplan_meier.ts";
import { logRank } from "../../../stats/log_rank.ts";
import { logisticRegression } from "../../../stats/logistic_regression.ts";
import type { Clinical } from "../artifacts/clinical_table.ts";
import type { KmRecord } from "../artifacts/stats_tables.ts";
import type { Spec } from "../spec_schema.ts";

/** What {@linkcode riskGroupSurvival} returns. */
export interface RiskGroupSurvival {
  /** The logistic signature score (log-odds) of every patient, in row order. */
  readonly score: Float64Array;
  /** Kaplan–Meier steps per risk group (the `km.csv` rows of this endpoint). */
  readonly km: KmRecord[];
  readonly summary: {
    readonly event: string;
    readonly logRankP: number;
    readonly coxHazardRatioPerSd: number;
    readonly coxP: number;
    readonly cIndex: number;
    readonly ridge: number;
  };
}

/**
 * An endpoint's labels as logistic-regression inputs: excluded patients (NaN) get weight 0 and a
 * placeholder label 0, so the matrix keeps every patient's row.
 *
 * @param labels 1 / 0 / NaN
 * @returns labels and weights
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { labelledRows } from "./risk_group_survival.ts";
 * assert.deepEqual(Array.from(labelledRows(Float64Array.of(1, NaN)).weights), [1, 0]);
 * ```
 */
export function labelledRows(labels: Float64Array): { y: Float64Array; weights: Float64Array } {
  return {
    y: Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : v)),
    weights: Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : 1)),
  };
}

/**
 * Kaplan–Meier, log-rank, Cox and C-index of a logistic signature score.
 *
 * @param matrix patients × the signature's features
 * @param labels the endpoint's labels on those patients
 * @param clinical follow-up of every patient
 * @param ids the matrix's patient ids
 * @param endpoint the endpoint (its event kind)
 * @returns the curves and the summary
 *
 * @example Usage
 * ```ts ignore
 * const s = riskGroupSurvival(selectColumns(all.matrix, chosen), labels, clinical, all.ids, endpoint);
 * ```
 */
export function riskGroupSurvival(
  matrix: FeatureMatrix,
  labels: Float64Array,
  clinical: Clinical,
  ids: readonly string[],
  endpoint: Spec["endpoints"][number],
): RiskGroupSurvival {
  const n = matrix.nRows;
  const { y, weights } = labelledRows(labels);
  const fit = logisticRegression(matrix, y, { weights });
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = fit.coefficients[0]!;
    for (let j = 0; j < matrix.nCols; j++) s += fit.coefficients[j + 1]! * matrix.data[j * n + i]!;
    score[i] = s;
  }
  const row = new Map(clinical.ids.map((id, i) => [id, i]));
  const time = Float64Array.from(ids, (id) => clinical.osMonths[row.get(id)!]!);
  const event = Float64Array.from(
    ids,
    (id) => (endpoint.event === "os" ? clinical.osEvent : clinical.dssEvent)[row.get(id)!]!,
  );
  const median = [...score].sort((a, b) => a - b)[Math.floor(n / 2)]!;
  const group = Float64Array.from(score, (s) => (s >= median ? 1 : 0));
  const km: RiskGroupSurvival["km"] = [];
  for (const [g, name] of [[1, "high risk"], [0, "low risk"]] as const) {
    const idx = [...group.keys()].filter((i) => group[i] === g);
    const curve = kaplanMeier(idx.map((i) => time[i]!), idx.map((i) => event[i]!));
    km.push({ endpoint: endpoint.name, group: name, time: 0, survival: 1, lower: 1, upper: 1, nRisk: idx.length });
    curve.time.forEach((t, k) =>
      km.push({
        endpoint: endpoint.name,
        group: name,
        time: t,
        survival: curve.survival[k]!,
        lower: curve.lower[k]!,
        upper: curve.upper[k]!,
        nRisk: curve.nRisk[k]!,
      })
    );
  }
  const sd = Math.sqrt(score.reduce((s, v) => s + v * v, 0) / n - (score.reduce((s, v) => s + v, 0) / n) ** 2) || 1;
  const cox = coxRegression(time, event, { covariate: Float64Array.from(score, (s) => s / sd) });
  return {
    score,
    km,
    summary: {
      event: endpoint.event,
      logRankP: logRank(time, { event, group }).pValue,
      coxHazardRatioPerSd: cox.hazardRatio,
      coxP: cox.pValue,
      cIndex: harrellC(time, { event, risk: score }).estimate,
      ridge: fit.ridge,
    },
  };
}
