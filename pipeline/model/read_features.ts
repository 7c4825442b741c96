/**
 * Read one modality's bottleneck features back from DuckDB's long `features` table (layout and
 * rationale in `write_features.ts`).
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { Modality } from "./feature_names.ts";

/** Features of one modality: `matrix` is row-major `patients.length × nFeatures`. */
export interface StoredFeatures {
  /** Patient ids in the order written. */
  readonly patients: readonly string[];
  readonly nFeatures: number;
  readonly matrix: Float32Array;
}

/**
 * Read the feature matrix of a modality.
 *
 * @param dbPath the DuckDB file written by `writeFeatures`
 * @param modality `"ct"` or `"pet"`
 * @returns patients (sorted by id) and the row-major matrix; empty when none are stored
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFeatures } from "./write_features.ts";
 * import { readFeatures } from "./read_features.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFeatures(`${dir}/f.duckdb`, "pet", ["B", "A"], new Float32Array([1, 2, 3, 4]));
 * const back = await readFeatures(`${dir}/f.duckdb`, "pet");
 * assert.deepEqual(back.patients, ["A", "B"]);
 * assert.deepEqual([...back.matrix], [3, 4, 1, 2]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readFeatures(dbPath: string, modality: Modality): Promise<StoredFeatures> {
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  try {
    const ids = await connection.runAndReadAll(
      "SELECT patient, count(*)::INTEGER AS n FROM features WHERE modality = $1 GROUP BY patient ORDER BY patient",
      [modality],
    );
    const rows = ids.getRows();
    const patients = rows.map((r) => String(r[0]));
    const nFeatures = rows.length === 0 ? 0 : Number(rows[0]![1]);
    const matrix = new Float32Array(patients.length * nFeatures);
    const result = await connection.stream(
      "SELECT value FROM features WHERE modality = $1 ORDER BY patient, idx",
      [modality],
    );
    let offset = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const vector = chunk.getColumnVector(0);
      for (let k = 0; k < chunk.rowCount; k++) matrix[offset++] = vector.getItem(k) as number;
    }
    return { patients, nFeatures, matrix };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
