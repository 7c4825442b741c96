/**
 * Bottleneck features in DuckDB, as a **long table**
 * `features(patient VARCHAR, modality VARCHAR, idx INTEGER, value FLOAT)`, one row per patient ×
 * feature, `idx` the flattened bottleneck index of `feature_names.ts`.
 *
 * Chosen by `bench/model_bench.ts` at the paper's scale, 96 patients × 110,592 features (2 cores,
 * shared): long table written in 4.2 s, 41 MB, read back into a `Float32Array` in 6.9 s; Parquet
 * beside the database 85 MB (its values compress worse than DuckDB's own storage) and read in 6.1 s,
 * plus a second file to keep in step; a `FLOAT[n]` ARRAY column cannot hold 110,592 values (DuckDB
 * caps ARRAY at 100,000) and filling 55,296-element arrays through the appender took minutes. The long
 * table is also the one SQL readers query without unnesting (`WHERE idx = 16704`).
 *
 * @module
 */
import { DuckDBDataChunk, DuckDBInstance, FLOAT, INTEGER, VARCHAR } from "@duckdb/node-api";
import type { Modality } from "./feature_names.ts";

const CHUNK = 2048;

/**
 * Replace the features of one modality in a DuckDB file (created if absent).
 *
 * @param dbPath the DuckDB file
 * @param modality `"ct"` or `"pet"`; existing rows of this modality are deleted first
 * @param patients patient ids, one per matrix row
 * @param matrix row-major `patients.length × nFeatures` (as `extractFeatures` returns it)
 * @returns nothing
 * @throws {RangeError} when the matrix length is not a multiple of the patient count
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFeatures } from "./write_features.ts";
 * import { readFeatures } from "./read_features.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFeatures(`${dir}/f.duckdb`, "ct", ["P1", "P2"], new Float32Array([1, 2, 3, 4, 5, 6]));
 * const back = await readFeatures(`${dir}/f.duckdb`, "ct");
 * assert.deepEqual(back.patients, ["P1", "P2"]);
 * assert.deepEqual([...back.matrix], [1, 2, 3, 4, 5, 6]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFeatures(
  dbPath: string,
  modality: Modality,
  patients: readonly string[],
  matrix: Float32Array,
): Promise<void> {
  const n = patients.length;
  if (n === 0 || matrix.length % n !== 0) {
    throw new RangeError(`Cannot write features: ${matrix.length} values do not split into ${n} patient rows`);
  }
  const nFeatures = matrix.length / n;
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  try {
    await connection.run(
      "CREATE TABLE IF NOT EXISTS features (patient VARCHAR, modality VARCHAR, idx INTEGER, value FLOAT)",
    );
    await connection.run("DELETE FROM features WHERE modality = $1", [modality]);
    const appender = await connection.createAppender("features");
    const chunk = DuckDBDataChunk.create([VARCHAR, VARCHAR, INTEGER, FLOAT]);
    for (let start = 0; start < matrix.length; start += CHUNK) {
      const rows = Math.min(CHUNK, matrix.length - start);
      const patient = new Array<string>(rows);
      const idx = new Array<number>(rows);
      const value = new Array<number>(rows);
      for (let k = 0; k < rows; k++) {
        const g = start + k;
        patient[k] = patients[Math.floor(g / nFeatures)]!;
        idx[k] = g % nFeatures;
        value[k] = matrix[g]!;
      }
      chunk.rowCount = rows;
      chunk.setColumnValues(0, patient);
      chunk.setColumnValues(1, new Array<string>(rows).fill(modality));
      chunk.setColumnValues(2, idx);
      chunk.setColumnValues(3, value);
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    await connection.run("CHECKPOINT");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
