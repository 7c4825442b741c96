/** Minimal CSV reading/writing for the stats protocol (private). @module */
import { DeepmarkerError } from "../errors.ts";

/** Split one CSV line; double-quoted fields with "" escapes are supported. */
export function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Header and rows of a CSV text; every row must have the header's field count. */
export function parseCsv(text: string, path: string, what: string): { header: string[]; rows: string[][] } {
  const lines = text.replace(/\r/g, "").split("\n").filter((l) => l.trim() !== "");
  if (lines.length < 2) {
    throw new DeepmarkerError(`Cannot read ${what} "${path}": expected a header and at least one row`);
  }
  const header = splitLine(lines[0]!).map((h) => h.trim());
  const rows = lines.slice(1).map((l, k) => {
    const r = splitLine(l);
    if (r.length !== header.length) {
      throw new DeepmarkerError(
        `Cannot read ${what} "${path}": line ${k + 2} has ${r.length} fields, expected ${header.length}`,
      );
    }
    return r;
  });
  return { header, rows };
}

/** A CSV field, quoted when needed. */
export function field(v: string | number): string {
  const s = typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text from a header and rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header.join(","), ...rows.map((r) => r.map(field).join(","))].join("\n") + "\n";
}
