/**
 * Test helper: read an IBSI 1 reference table (CSV, UTF-8 with BOM) and compare feature values.
 * IBSI reports reference values to 3 significant digits, so a value passes when it is within
 * the tolerance either as computed or rounded to 3 significant digits (the IBSI convention;
 * many phantom tolerances are 0).
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** Fixture folder of the IBSI data. */
export const IBSI_DIR: string = fileURLToPath(new URL("../../../fixtures/data/ibsi1/", import.meta.url));

/** One reference row. */
export interface IbsiReference {
  readonly tag: string;
  readonly family: string;
  readonly value: number;
  readonly tolerance: number;
}

function splitCsvLine(line: string): string[] {
  const cols: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) cols.push(cur), cur = "";
    else cur += ch;
  }
  cols.push(cur);
  return cols;
}

/** Rows with a reference value (rows without one, e.g. `ivh_auc`, are left out). */
export async function readIbsiReference(name: string): Promise<IbsiReference[]> {
  const text = (await Deno.readTextFile(`${IBSI_DIR}reference_values/${name}`)).replace(/^\uFEFF/, "");
  const rows: IbsiReference[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const c = splitCsvLine(line);
    if (c[4] === "" || c[4] === undefined) continue;
    rows.push({ tag: c[c.length - 1]!.trim(), family: c[1]!, value: Number(c[4]), tolerance: Number(c[5]) });
  }
  return rows;
}

/** Whether `value` matches the reference row. */
export function withinTolerance(value: number, ref: IbsiReference): boolean {
  const rounded = value === 0 ? 0 : Number(value.toPrecision(3));
  const eps = 1e-12 * Math.max(1, Math.abs(ref.value));
  return Math.abs(value - ref.value) <= ref.tolerance + eps || Math.abs(rounded - ref.value) <= ref.tolerance + eps;
}

/** Compare computed features with a table: failures, uncovered tags and a coverage line. */
export function compareWithReference(
  label: string,
  got: ReadonlyMap<string, number>,
  refs: readonly IbsiReference[],
): { failures: string[]; uncovered: string[]; line: string } {
  const failures: string[] = [];
  const uncovered: string[] = [];
  let passed = 0;
  for (const r of refs) {
    const v = got.get(r.tag);
    if (v === undefined) uncovered.push(r.tag);
    else if (withinTolerance(v, r)) passed++;
    else failures.push(`${r.tag}: got ${v}, reference ${r.value} ± ${r.tolerance}`);
  }
  const line = `IBSI ${label}: ${passed}/${refs.length} features passed` +
    (uncovered.length ? `; not covered (${uncovered.length}): ${uncovered.join(", ")}` : "");
  return { failures, uncovered, line };
}
