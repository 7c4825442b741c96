/**
 * A small RFC 4180 CSV reader with typed column access, private to `reports/`. Numbers accept
 * `NaN`, `Inf`, `-Inf` and blanks (read as `NaN`) because stats output may hold degenerate values.
 *
 * @module
 */
import { parseCsvRecords } from "../pipeline/csv.ts";

/** A parsed table: header plus rows of raw strings, with the file name for messages. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Parse CSV text with a header line. */
export function parseCsv(text: string, file: string): CsvTable {
  const [header = [], ...rows] = parseCsvRecords(text);
  return { file, header: header.map((h) => h.trim()), rows };
}

/** Column accessors for one table; every failure names the file, line and column. */
export function columns(table: CsvTable, required: readonly string[]) {
  const index = new Map(table.header.map((h, i) => [h, i]));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new SyntaxError(
      `Cannot read "${table.file}": missing column "${missing.join('", "')}": header is "${table.header.join(",")}"`,
    );
  }
  function raw(r: number, col: string): string {
    const i = index.get(col);
    return i === undefined ? "" : (table.rows[r]![i] ?? "").trim();
  }
  return {
    has: (col: string) => index.has(col),
    str: raw,
    num(r: number, col: string): number {
      const s = raw(r, col);
      const v = s === "" || s === "NaN" ? NaN : s === "Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s);
      if (Number.isNaN(v) && s !== "" && s !== "NaN") {
        throw new SyntaxError(
          `Cannot read "${table.file}": line ${r + 2}, column "${col}" must be a number: current value is "${s}"`,
        );
      }
      return v;
    },
  };
}
