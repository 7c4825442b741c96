/**
 * The U-Net features of a run as one feature table (private to the stages): every selected
 * modality's `extract_<modality>` entry, joined on patient id, columns named `C…` then `P…`.
 */
import { join } from "node:path";
import { featureName } from "../../model/feature_names.ts";
import { readFeatures } from "../../model/read_features.ts";
import type { CacheEntry } from "../../engine/stage.ts";
import { type FeatureTable, joinTables } from "../artifacts/feature_table.ts";

/** Names of the extraction stages of the given modalities. */
export function extractStageNames(modalities: readonly string[]): string[] {
  return modalities.map((m) => `extract_${m}`);
}

/** Read and join the features of the given modalities. */
export async function readUnetFeatures(
  inputs: Readonly<Record<string, CacheEntry>>,
  modalities: readonly ("ct" | "pet")[],
): Promise<FeatureTable> {
  const tables: FeatureTable[] = [];
  for (const m of modalities) {
    const stored = await readFeatures(join(inputs[`extract_${m}`]!.dir, "features.duckdb"), m);
    const n = stored.patients.length;
    const p = stored.nFeatures;
    const data = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[j * n + i] = stored.matrix[i * p + j]!;
    const names = Array.from({ length: p }, (_, j) => featureName(m, j, { count: p }));
    tables.push({ ids: stored.patients, names, matrix: { nRows: n, nCols: p, data } });
  }
  return joinTables(tables);
}
