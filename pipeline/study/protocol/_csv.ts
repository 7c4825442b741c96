/** Minimal CSV reading/writing for the stats protocol (private). @module */
import { DeepmarkerError } from "../../errors.ts";
import { parseCsvRecords } from "../../csv.ts";

export { toCsv } from "../../csv.ts";

/** Header and rows of a CSV text; every row must have the header's field count. */
export function parseCsv(text: string, path: string, what: string): { header: string[]; rows: string[][] } {
  let lines: string[][];
  try {
    lines = parseCsvRecords(text);
  } catch (e) {
    throw new DeepmarkerError(`Cannot read ${what} "${path}": ${(e as Error).message}`);
  }
  if (lines.length < 2) {
    throw new DeepmarkerError(`Cannot read ${what} "${path}": expected a header and at least one row`);
  }
  const header = lines[0]!.map((h) => h.trim());
  const rows = lines.slice(1).map((r, k) => {
    if (r.length !== header.length) {
      throw new DeepmarkerError(
        `Cannot read ${what} "${path}": line ${k + 2} has ${r.length} fields, expected ${header.length}`,
      );
    }
    return r;
  });
  return { header, rows };
}
