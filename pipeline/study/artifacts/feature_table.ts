/**
 * Wide tables keyed by patient: `features.csv` (patient_id, then one column per feature) and
 * `labels.csv` (patient_id, then one 0/1 column per endpoint). Blank is the one missing value
 * (NaN for a feature, "excluded" for a label) in both directions.
 *
 * @module
 */
import { parseCsvRecords, toCsv } from "../../csv.ts";
import { DeepmarkerError } from "../../errors.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { numberCell } from "./csv_table.ts";

/** A feature table: patient ids, feature names and a column-major patients × features matrix. */
export interface FeatureTable {
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly matrix: FeatureMatrix;
}

/**
 * The text of a wide table (`patient_id`, then one column per name).
 *
 * @param table ids, column names and the column-major matrix
 * @returns CSV text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFeatureTable } from "./feature_table.ts";
 * const t = { ids: ["P1", "P2"], names: ["a"], matrix: { nRows: 2, nCols: 1, data: Float64Array.of(0.5, NaN) } };
 * assert.equal(formatFeatureTable(t), "patient_id,a\nP1,0.5\nP2,\n");
 * ```
 */
export function formatFeatureTable(table: FeatureTable): string {
  const { nRows: n, data } = table.matrix;
  return toCsv(
    ["patient_id", ...table.names],
    table.ids.map((id, i) => [id, ...table.names.map((_, j) => data[j * n + i]!)]),
  );
}

/**
 * Parse a wide table: the first column is the patient id, every other cell a number or blank (NaN).
 *
 * @param text CSV text
 * @param path file, for errors
 * @returns the table
 * @throws {DeepmarkerError} on a malformed row, a duplicate id or a non-numeric cell (names file, line and column)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFeatureTable } from "./feature_table.ts";
 * const t = parseFeatureTable("patient_id,a\nP1,0.5\nP2,\n", "f.csv");
 * assert.deepEqual([t.ids, t.names, Array.from(t.matrix.data)], [["P1", "P2"], ["a"], [0.5, NaN]]);
 * ```
 */
export function parseFeatureTable(text: string, path: string): FeatureTable {
  let records: string[][];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    throw new DeepmarkerError(`Cannot read "${path}": ${(e as Error).message}`);
  }
  const [header = [], ...rows] = records;
  if (header.length < 1 || rows.length === 0) {
    throw new DeepmarkerError(`Cannot read "${path}": expected a header and at least one row`);
  }
  const names = header.slice(1).map((h) => h.trim());
  const n = rows.length;
  const data = new Float64Array(n * names.length);
  const seen = new Set<string>();
  const ids = rows.map((cells, i) => {
    if (cells.length !== header.length) {
      throw new DeepmarkerError(
        `Cannot read "${path}": line ${i + 2} has ${cells.length} fields, expected ${header.length}`,
      );
    }
    const id = cells[0]!.trim();
    if (seen.has(id)) throw new DeepmarkerError(`Cannot read "${path}": patient "${id}" appears twice`);
    seen.add(id);
    for (let j = 0; j < names.length; j++) data[j * n + i] = numberCell(cells[j + 1]!, path, i + 2, names[j]!);
    return id;
  });
  return { ids, names, matrix: { nRows: n, nCols: names.length, data } };
}

/**
 * Read a wide table from a file.
 *
 * @param path the file
 * @returns the table
 * @throws {DeepmarkerError} see {@linkcode parseFeatureTable}
 *
 * @example Usage
 * ```ts ignore
 * const t = await readFeatureTable("features.csv");
 * ```
 */
export async function readFeatureTable(path: string): Promise<FeatureTable> {
  return parseFeatureTable(await Deno.readTextFile(path), path);
}

/**
 * Parse a label table: like a feature table, but every cell 0, 1 or blank (excluded).
 *
 * @param text CSV text
 * @param path file, for errors
 * @returns ids, endpoint names and the labels (NaN = excluded)
 * @throws {DeepmarkerError} when a cell is not 0, 1 or blank
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLabelTable } from "./feature_table.ts";
 * assert.throws(() => parseLabelTable("patient_id,os2y\nP1,2\n", "l.csv"), /patient "P1" endpoint "os2y" is 2/);
 * ```
 */
export function parseLabelTable(text: string, path: string): FeatureTable {
  const t = parseFeatureTable(text, path);
  const n = t.matrix.nRows;
  t.matrix.data.forEach((v, k) => {
    if (!Number.isNaN(v) && v !== 0 && v !== 1) {
      throw new DeepmarkerError(
        `Cannot read "${path}": patient "${t.ids[k % n]}" endpoint "${
          t.names[Math.floor(k / n)]
        }" is ${v}, expected 0, 1 or blank`,
      );
    }
  });
  return t;
}

/**
 * Join tables column-wise on the ids of the first (every table must hold every id).
 *
 * @param tables the tables, first one giving the patients and their order
 * @returns one table
 * @throws {DeepmarkerError} when a patient of the first table is missing from another
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinTables } from "./feature_table.ts";
 * const a = { ids: ["P1", "P2"], names: ["a"], matrix: { nRows: 2, nCols: 1, data: Float64Array.of(1, 2) } };
 * const b = { ids: ["P2", "P1"], names: ["b"], matrix: { nRows: 2, nCols: 1, data: Float64Array.of(20, 10) } };
 * assert.deepEqual(Array.from(joinTables([a, b]).matrix.data), [1, 2, 10, 20]);
 * ```
 */
export function joinTables(tables: readonly FeatureTable[]): FeatureTable {
  const ids = tables[0]!.ids;
  const n = ids.length;
  const names = tables.flatMap((t) => t.names);
  const data = new Float64Array(n * names.length);
  let offset = 0;
  for (const t of tables) {
    const row = new Map(t.ids.map((id, i) => [id, i]));
    for (let j = 0; j < t.names.length; j++) {
      for (let i = 0; i < n; i++) {
        const r = row.get(ids[i]!);
        if (r === undefined) {
          throw new DeepmarkerError(`patient "${ids[i]}" has no value in the table of "${t.names[0]}"`);
        }
        data[(offset + j) * n + i] = t.matrix.data[j * t.matrix.nRows + r]!;
      }
    }
    offset += t.names.length;
  }
  return { ids, names, matrix: { nRows: n, nCols: names.length, data } };
}
