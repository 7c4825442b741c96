/**
 * Write radiomics features as CSV with columns `tag,value` (one row per feature).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";

/**
 * Format features as CSV text (`tag,value`, full precision, `NaN` for undefined values).
 *
 * @param rows features
 * @returns CSV text with a header and a final newline
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featuresCsv } from "./write_features_csv.ts";
 * assert.equal(featuresCsv([{ tag: "stat_mean", value: 2.5 }]), "tag,value\nstat_mean,2.5\n");
 * ```
 */
export function featuresCsv(rows: readonly RadiomicsFeature[]): string {
  return "tag,value\n" + rows.map((r) => `${r.tag},${r.value}`).join("\n") + (rows.length ? "\n" : "");
}

/**
 * Write features to a CSV file.
 *
 * @param path output file
 * @param rows features
 * @returns nothing
 *
 * @example Usage
 * ```ts ignore
 * await writeFeaturesCsv("features.csv", [{ tag: "stat_mean", value: 2.5 }]);
 * ```
 */
export async function writeFeaturesCsv(path: string, rows: readonly RadiomicsFeature[]): Promise<void> {
  await Deno.writeTextFile(path, featuresCsv(rows));
}
