/**
 * The time-to-event view of a signature (private to the stages): a logistic score fitted on the
 * endpoint's labelled patients, then on every patient's full follow-up — Kaplan–Meier by median-split
 * risk group, log-rank test, Cox regression on the score (Efron ties) and Harrell's C.
 */
import { coxRegression } from "../../../stats/cox_regression.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { harrellC } from "../../../stats/harrell_c.ts";
import { kaplanMeier } from "../../../stats/kaplan_meier.ts";
import { logRank } from "../../../stats/log_rank.ts";
import { logisticRegression } from "../../../stats/logistic_regression.ts";
import type { Spec } from "../spec_schema.ts";
import { type Clinical, labelledRows } from "./_study_data.ts";

/** What {@linkcode riskGroupSurvival} returns. */
export interface RiskGroupSurvival {
  readonly km: Array<{ group: string; time: number; survival: number; lower: number; upper: number; n_risk: number }>;
  readonly summary: {
    readonly event: string;
    readonly logRankP: number;
    readonly coxHazardRatioPerSd: number;
    readonly coxP: number;
    readonly cIndex: number;
    readonly ridge: number;
  };
}

/** Kaplan–Meier, log-rank, Cox and C-index of a logistic signature score. */
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
    km.push({ group: name, time: 0, survival: 1, lower: 1, upper: 1, n_risk: idx.length });
    curve.time.forEach((t, k) =>
      km.push({
        group: name,
        time: t,
        survival: curve.survival[k]!,
        lower: curve.lower[k]!,
        upper: curve.upper[k]!,
        n_risk: curve.nRisk[k]!,
      })
    );
  }
  const sd = Math.sqrt(score.reduce((s, v) => s + v * v, 0) / n - (score.reduce((s, v) => s + v, 0) / n) ** 2) || 1;
  const cox = coxRegression(time, event, { covariate: Float64Array.from(score, (s) => s / sd) });
  return {
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
