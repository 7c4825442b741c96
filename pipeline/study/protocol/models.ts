/**
 * Which columns of a feature table are candidates (screened, LASSO-ranked, selected) and which
 * form the fixed comparator models (TLG, the radiomic set), and the comparators' correlation with
 * the selected features.
 *
 * @module
 */
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { pearson } from "../../../stats/pearson.ts";
import { DeepmarkerError } from "../../errors.ts";
import type { TlgCorrelationRecord } from "../artifacts/stats_tables.ts";
import type { EvaluatedModel } from "./evaluation.ts";
import type { StatsSettings } from "./settings.ts";

/** The columns of a table split by role. */
export interface TableRoles {
  /** Columns screened and selected from, in table order. */
  readonly candidates: readonly number[];
  /** The comparator models, in the settings' order. */
  readonly comparators: readonly EvaluatedModel[];
}

/**
 * Split a table's columns into candidates and comparator models.
 *
 * @param names the table's column names
 * @param models the `models` block of the settings
 * @param where file or stage, for errors
 * @returns candidates and comparators
 * @throws {DeepmarkerError} when a comparator names a column the table lacks
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tableRoles } from "./models.ts";
 * const r = tableRoles(["C1", "C2", "pet_tlg"], { signature: "unet", comparators: { tlg: ["pet_tlg"] } }, "f.csv");
 * assert.deepEqual(r.candidates, [0, 1]);
 * assert.deepEqual(r.comparators, [{ name: "tlg", columns: [2], selects: false }]);
 * ```
 */
export function tableRoles(names: readonly string[], models: StatsSettings["models"], where: string): TableRoles {
  const column = new Map(names.map((n, j) => [n, j]));
  const fixed = new Set(Object.values(models.comparators).flat());
  const comparators = Object.entries(models.comparators).map(([name, cols]) => ({
    name,
    columns: cols.map((c) => {
      const j = column.get(c);
      if (j === undefined) throw new DeepmarkerError(`${where}: comparator "${name}" needs column "${c}", not found`);
      return j;
    }),
    selects: false,
  }));
  return { candidates: names.flatMap((n, j) => (fixed.has(n) ? [] : [j])), comparators };
}

/**
 * Pearson correlation of each selected feature with one reference column (TLG).
 *
 * @param matrix patients × columns
 * @param names column names
 * @param endpoint endpoint name (a column of the output)
 * @param chosen selected columns
 * @param reference the reference column
 * @returns `tlg_correlation.csv` rows
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { referenceCorrelation } from "./models.ts";
 * const m = featureMatrix([[1, 2, 3, 4], [2, 4, 6, 8.5]]);
 * assert.ok(referenceCorrelation(m, ["a", "t"], "os2y", [0], 1)[0]!.r > 0.99);
 * ```
 */
export function referenceCorrelation(
  matrix: FeatureMatrix,
  names: readonly string[],
  endpoint: string,
  chosen: readonly number[],
  reference: number,
): TlgCorrelationRecord[] {
  const col = (j: number) => matrix.data.subarray(j * matrix.nRows, (j + 1) * matrix.nRows);
  return chosen.map((j) => {
    const r = pearson(col(j), col(reference));
    return { endpoint, feature: names[j]!, r: r.estimate, r2: r.rSquared, p: r.pValue };
  });
}
