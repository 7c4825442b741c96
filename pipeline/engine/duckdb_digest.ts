/**
 * A digest of what a DuckDB file holds — every table's name, columns and rows in a canonical order —
 * rather than of its bytes. DuckDB does not write byte-identical files for identical tables (two
 * recomputations of the same `radiomics` entry differed in 2 bytes of 536 KB), so comparisons of
 * results (the chaos tool, the reproducibility test) compare `.duckdb` outputs by this digest.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { canonicalJson } from "./canonical_json.ts";
import { sha256Hex } from "./sha256.ts";

/**
 * SHA-256 of a DuckDB file's tables: for each table (sorted by schema and name) its column names and
 * types and its rows sorted by every column.
 *
 * @param path a `.duckdb` file (opened read-only)
 * @returns hex SHA-256
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { duckdbDigest } from "./duckdb_digest.ts";
 * const dir = await Deno.makeTempDir();
 * for (const name of ["a", "b"]) {
 *   const db = await DuckDBInstance.create(`${dir}/${name}.duckdb`);
 *   const c = await db.connect();
 *   await c.run(name === "a" ? "CREATE TABLE t AS SELECT 1 AS x UNION ALL SELECT 2" : "CREATE TABLE t AS SELECT 2 AS x UNION ALL SELECT 1");
 *   c.closeSync();
 *   db.closeSync();
 * }
 * assert.equal(await duckdbDigest(`${dir}/a.duckdb`), await duckdbDigest(`${dir}/b.duckdb`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function duckdbDigest(path: string): Promise<string> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const db = await instance.connect();
  try {
    const tables = (await db.runAndReadAll(
      `SELECT schema_name, table_name FROM duckdb_tables() ORDER BY schema_name, table_name`,
    )).getRowObjectsJson();
    const parts: unknown[] = [];
    for (const t of tables) {
      const name = `"${String(t.schema_name).replaceAll('"', '""')}"."${String(t.table_name).replaceAll('"', '""')}"`;
      const reader = await db.runAndReadAll(`SELECT * FROM ${name} ORDER BY ALL`);
      parts.push({
        table: name,
        columns: reader.columnNames(),
        types: reader.columnTypes().map(String),
        rows: reader.getRowsJson(),
      });
    }
    return await sha256Hex(canonicalJson(parts));
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
