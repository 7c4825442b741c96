/**
 * A typed CSV file: the columns are declared once (camelCase field → snake_case header) and the
 * same declaration writes and reads the file, so a renamed column is a type error in every writer
 * and reader, and a file with other columns is one clear error naming the file.
 *
 * @module
 */
import { parseCsvRecords, toCsv } from "../../csv.ts";
import { DeepmarkerError } from "../../errors.ts";

/** Kind of one column: text, or a number (written as its shortest round-trip text; NaN as blank). */
export type ColumnKind = "string" | "number";

/** The row type of a column declaration. */
export type RowOf<C extends Readonly<Record<string, ColumnKind>>> = {
  -readonly [K in keyof C]: C[K] extends "number" ? number : string;
};

/** A typed CSV table: its file name, columns, and the one writer and reader of that file. */
export interface CsvTable<C extends Readonly<Record<string, ColumnKind>>> {
  /** File name inside a stage's entry or a results folder, e.g. `ttest.csv`. */
  readonly file: string;
  /** Column declaration (camelCase field → kind), in file order. */
  readonly columns: C;
  /** The header, snake_case, in file order. */
  readonly header: readonly string[];
  /** The file text of some rows (RFC 4180 quoting; NaN and ±Infinity as blank). */
  format(rows: readonly RowOf<C>[]): string;
  /** Rows of a file text; `path` names the file in errors. */
  parse(text: string, path: string): RowOf<C>[];
  /** Write rows to `dir/<file>`. */
  write(dir: string, rows: readonly RowOf<C>[]): Promise<void>;
  /** Read `dir/<file>`. */
  read(dir: string): Promise<RowOf<C>[]>;
}

/**
 * The snake_case header of a camelCase field (`nEvent` → `n_event`, `r2` → `r2`).
 *
 * @param field camelCase name
 * @returns the header text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerOf } from "./csv_table.ts";
 * assert.equal(headerOf("meanAbsCoefficient"), "mean_abs_coefficient");
 * ```
 */
export function headerOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Declare a typed CSV table.
 *
 * @param file file name
 * @param columns camelCase field → kind, in file order
 * @returns the writer and reader
 * @throws {DeepmarkerError} (from `parse`/`read`) when the header differs or a number cell is not a number
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvTable } from "./csv_table.ts";
 * const t = csvTable("x.csv", { patientId: "string", value: "number" });
 * const text = t.format([{ patientId: 'P"1', value: NaN }]);
 * assert.equal(text, 'patient_id,value\n"P""1",\n');
 * assert.deepEqual(t.parse(text, "x.csv"), [{ patientId: 'P"1', value: NaN }]);
 * ```
 */
export function csvTable<const C extends Readonly<Record<string, ColumnKind>>>(file: string, columns: C): CsvTable<C> {
  const fields = Object.keys(columns) as (keyof C & string)[];
  const header = fields.map(headerOf);
  const table: CsvTable<C> = {
    file,
    columns,
    header,
    format: (rows) => toCsv(header, rows.map((r) => fields.map((f) => r[f] as string | number))),
    parse(text, path) {
      const [head = [], ...records] = parseCsvRecords(text);
      if (head.join(",") !== header.join(",")) {
        throw new DeepmarkerError(
          `Cannot read "${path}": expected the columns "${header.join(",")}", found "${head.join(",")}"`,
        );
      }
      return records.map((cells, r) => {
        if (cells.length !== header.length) {
          throw new DeepmarkerError(
            `Cannot read "${path}": line ${r + 2} has ${cells.length} fields, expected ${header.length}`,
          );
        }
        const row: Record<string, string | number> = {};
        fields.forEach((f, c) => {
          row[f] = columns[f] === "number" ? numberCell(cells[c]!, path, r + 2, header[c]!) : cells[c]!;
        });
        return row as RowOf<C>;
      });
    },
    write: (dir, rows) => Deno.writeTextFile(`${dir}/${file}`, table.format(rows)),
    read: async (dir) => table.parse(await Deno.readTextFile(`${dir}/${file}`), `${dir}/${file}`),
  };
  return table;
}

/**
 * A number cell: blank is NaN (the one missing-value convention of every file deepmarker writes
 * and reads); anything else must be a number.
 *
 * @param cell the raw cell
 * @param path file, for the error
 * @param line line number, for the error
 * @param column column name, for the error
 * @returns the number
 * @throws {DeepmarkerError} when the cell is not blank and not a number
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberCell } from "./csv_table.ts";
 * assert.ok(Number.isNaN(numberCell("", "f.csv", 2, "p")));
 * assert.throws(() => numberCell("NA", "f.csv", 2, "p"), /line 2, column "p"/);
 * ```
 */
export function numberCell(cell: string, path: string, line: number, column: string): number {
  const s = cell.trim();
  if (s === "") return NaN;
  const v = Number(s);
  if (Number.isNaN(v)) {
    throw new DeepmarkerError(
      `Cannot read "${path}": line ${line}, column "${column}" is "${s}", expected a number (missing values are blank)`,
    );
  }
  return v;
}
