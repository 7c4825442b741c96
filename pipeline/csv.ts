/**
 * CSV, RFC 4180 style, shared by every module that reads or writes tables (cohort.csv, the statistics
 * protocol's inputs and outputs, the report's inputs, the stages' tables). A leaf module: it imports
 * nothing, so every layer may use it.
 *
 * @module
 */

/**
 * Split CSV text into records: quoted fields (with `""` escapes, commas and newlines inside), LF or
 * CRLF line ends, a leading byte-order mark dropped, blank lines skipped. Fields are not trimmed.
 *
 * @param text CSV text
 * @returns the records, header included
 * @throws {SyntaxError} when a quoted field is not closed
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsvRecords } from "./csv.ts";
 * assert.deepEqual(parseCsvRecords('\uFEFFa,b\r\n"x, ""y""",2\n\n'), [["a", "b"], ['x, "y"', "2"]]);
 * ```
 */
export function parseCsvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let n = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (; n < text.length; n++) {
    const ch = text[n]!;
    if (quoted) {
      if (ch === '"' && text[n + 1] === '"') {
        field += '"';
        n++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
  }
  if (quoted) throw new SyntaxError("a quoted field is not closed");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/**
 * One CSV field: numbers as their shortest round-trip text (NaN and ±Infinity as empty), text quoted
 * when it holds a comma, quote or newline.
 *
 * @param value the cell
 * @returns the field text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvField } from "./csv.ts";
 * assert.equal(csvField(0.1), "0.1");
 * assert.equal(csvField(NaN), "");
 * assert.equal(csvField('a,"b"'), '"a,""b"""');
 * ```
 */
export function csvField(value: string | number | null | undefined): string {
  const s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : (value ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV document (header line, one line per row, final newline).
 *
 * @param header column names
 * @param rows cells, one array per row, in header order
 * @returns the text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toCsv } from "./csv.ts";
 * assert.equal(toCsv(["id", "p"], [["P1", 0.5]]), "id,p\nP1,0.5\n");
 * ```
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  return [header.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}
