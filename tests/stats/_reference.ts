/** Readers for the reference fixtures in `fixtures/data/reference/` (test helper, private). */
import type { FeatureMatrix } from "../../stats/feature_matrix.ts";

const ROOT = new URL("../../fixtures/data/reference/", import.meta.url);

/** Text of a fixture file; `.gz` files are gunzipped with the built-in DecompressionStream. */
export async function readFixture(path: string): Promise<string> {
  const bytes = await Deno.readFile(new URL(path, ROOT));
  if (!path.endsWith(".gz")) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

/** JSON fixture. */
export async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFixture(path)) as T;
}

/** A CSV as header + rows of raw strings (the fixtures hold no quoted fields). */
export async function readCsv(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const lines = (await readFixture(path)).trim().split("\n");
  return { header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** Column of a CSV by name, as numbers (`NA` → NaN, `Inf`/`-Inf` → ±Infinity). */
export function numbers(csv: { header: string[]; rows: string[][] }, name: string): number[] {
  const j = csv.header.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return csv.rows.map((r) => {
    const s = r[j]!;
    if (s === "NA") return NaN;
    if (s === "Inf") return Infinity;
    if (s === "-Inf") return -Infinity;
    return Number(s);
  });
}

/** The 96 × 3000 reference feature matrix (column-major) with feature names. */
export async function referenceFeatures(): Promise<{ matrix: FeatureMatrix; names: string[]; ids: string[] }> {
  const csv = await readCsv("data/features.csv.gz");
  const nRows = csv.rows.length;
  const nCols = csv.header.length - 1;
  const data = new Float64Array(nRows * nCols);
  csv.rows.forEach((r, i) => {
    for (let j = 0; j < nCols; j++) data[j * nRows + i] = Number(r[j + 1]);
  });
  return { matrix: { nRows, nCols, data }, names: csv.header.slice(1), ids: csv.rows.map((r) => r[0]!) };
}

/** Labels table: endpoint name → Float64Array of 0/1. */
export async function referenceLabels(): Promise<Record<string, Float64Array>> {
  const csv = await readCsv("data/labels.csv");
  const out: Record<string, Float64Array> = {};
  for (const name of csv.header.slice(1)) out[name] = Float64Array.from(numbers(csv, name));
  return out;
}

/** |a − b| ≤ abs + rel·|b|, with a readable failure message. */
export function assertClose(actual: number, expected: number, tol: { abs?: number; rel?: number }, what = ""): void {
  const bound = (tol.abs ?? 0) + (tol.rel ?? 0) * Math.abs(expected);
  if (Number.isNaN(expected) && Number.isNaN(actual)) return;
  if (!(Math.abs(actual - expected) <= bound)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (|diff| ${Math.abs(actual - expected)} > ${bound})`);
  }
}
