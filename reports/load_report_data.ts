/**
 * Read a run's stored results folder into {@linkcode ReportData}.
 *
 * @module
 */

import { join } from "node:path";
import {
  inclusionTable,
  kmTable,
  metricsTable,
  rocTable,
  selectedTable,
  tlgCorrelationTable,
  ttestTable,
} from "../pipeline/study/artifacts/stats_tables.ts";
import { fields, parseManifest, parseSummary } from "./_json_data.ts";
import type { ReportData, ReportVolume } from "./report_data.ts";

/** Options of {@linkcode loadReportData}. */
export interface LoadReportDataOptions {
  /**
   * Skip the volume files (saliency, activation maximisation) listed in `volumes.json`.
   * @default false
   */
  readonly skipVolumes?: boolean;
}

async function readText(dir: string, name: string, optional: boolean): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(join(dir, name));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      if (optional) return undefined;
      throw new Deno.errors.NotFound(`Cannot read report data "${dir}": file "${name}" is missing`, { cause: e });
    }
    throw e;
  }
}

async function rows<T>(dir: string, t: { file: string; parse(text: string, path: string): T[] }, optional = false) {
  const text = await readText(dir, t.file, optional);
  return text === undefined ? [] : t.parse(text, join(dir, t.file));
}

async function readFloat32(dir: string, name: string, length: number): Promise<Float32Array> {
  const bytes = await Deno.readFile(join(dir, name));
  if (bytes.byteLength !== length * 4) {
    throw new SyntaxError(
      `Cannot read volume "${join(dir, name)}": size is ${bytes.byteLength} bytes, expected ${length * 4}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

async function readVolumes(dir: string): Promise<ReportVolume[]> {
  const file = join(dir, "volumes.json");
  const text = await readText(dir, "volumes.json", true);
  if (text === undefined) return [];
  const list = JSON.parse(text);
  if (!Array.isArray(list)) throw new SyntaxError(`Cannot read "${file}": expected an array of volumes`);
  return await Promise.all(list.map(async (v, i): Promise<ReportVolume> => {
    const f = fields(v, file, `[${i}].`);
    const dims = f.arr("dims").map(Number) as [number, number, number];
    const spacing = f.arr("spacing", [1, 1, 1]).map(Number) as [number, number, number];
    if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
      throw new SyntaxError(`Cannot read "${file}": field "[${i}].dims" must be 3 positive integers`);
    }
    const kind = f.str("kind");
    if (kind !== "saliency" && kind !== "activation") {
      throw new SyntaxError(`Cannot read "${file}": field "[${i}].kind" must be "saliency" or "activation"`);
    }
    const n = dims[0] * dims[1] * dims[2];
    const bg = typeof f.obj["background"] === "string" ? f.str("background") : undefined;
    const base = {
      id: f.str("id"),
      kind,
      title: f.str("title"),
      modality: f.str("modality", ""),
      endpoint: f.str("endpoint", ""),
      dims,
      spacing,
      data: await readFloat32(dir, f.str("file"), n),
    } as const;
    return bg === undefined ? base : { ...base, background: await readFloat32(dir, bg, n) };
  }));
}

/**
 * Read the stored results of one run from a folder.
 *
 * Required: `run.json`, `summary.json`, `ttest.csv`, `inclusion.csv`, `selected.csv`,
 * `metrics.csv`, `roc.csv`. Optional: `km.csv`, `tlg_correlation.csv`, `volumes.json` (a list of
 * `{id, kind, title, modality, endpoint, dims, spacing, file, background}` whose `file` and
 * `background` are raw little-endian float32 files, x fastest).
 *
 * @param dir the folder
 * @param options see {@linkcode LoadReportDataOptions}
 * @returns the typed data
 * @throws {Deno.errors.NotFound} when a required file is missing
 * @throws {SyntaxError} when a JSON file is malformed (names file and field)
 * @throws {DeepmarkerError} when a table has other columns or a non-numeric cell (names file, line and column)
 *   — the tables are read by their one reader (`pipeline/study/artifacts/stats_tables.ts`)
 *
 * @example Usage
 * ```ts ignore
 * const data = await loadReportData("fixtures/data/report");
 * console.log(data.manifest.runId, data.ttest.length);
 * ```
 */
export async function loadReportData(dir: string, options: LoadReportDataOptions = {}): Promise<ReportData> {
  const json = async (name: string) => JSON.parse((await readText(dir, name, false))!);
  const [run, summary, ttest, inclusion, selected, metrics, roc, km, tlgCorrelation] = await Promise.all([
    json("run.json"),
    json("summary.json"),
    rows(dir, ttestTable),
    rows(dir, inclusionTable),
    rows(dir, selectedTable),
    rows(dir, metricsTable),
    rows(dir, rocTable),
    rows(dir, kmTable, true),
    rows(dir, tlgCorrelationTable, true),
  ]);
  return {
    manifest: parseManifest(run, join(dir, "run.json")),
    summary: parseSummary(summary, join(dir, "summary.json")),
    ttest,
    inclusion,
    selected,
    metrics,
    roc,
    km,
    tlgCorrelation,
    volumes: options.skipVolumes ? [] : await readVolumes(dir),
  };
}
