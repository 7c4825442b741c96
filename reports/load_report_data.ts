/**
 * Read a run's stored results folder into {@linkcode ReportData}.
 *
 * @module
 */

import { join } from "node:path";
import { columns, type CsvTable, parseCsv } from "./_csv.ts";
import { fields, parseManifest, parseSummary } from "./_json_data.ts";
import type { KmRow, ReportData, ReportVolume, RocRow, TlgCorrelationRow } from "./report_data.ts";

const METRICS = ["accuracy", "sensitivity", "specificity", "auc"] as const;
const COMPARISON_COLUMNS = [
  "endpoint",
  "protocol",
  "model",
  "comparator",
  "split",
  "auc_model",
  "auc_comparator",
  "difference",
  "lower",
  "upper",
  "p",
] as const;

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

async function table(dir: string, name: string, optional = false): Promise<CsvTable> {
  const text = await readText(dir, name, optional);
  return parseCsv(text ?? "", join(dir, name));
}

function mapRows<T>(t: CsvTable, need: readonly string[], f: (c: ReturnType<typeof columns>, r: number) => T): T[] {
  if (t.header.length === 0) return [];
  const c = columns(t, need);
  return t.rows.map((_, r) => f(c, r));
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
 * `metrics.csv`, `roc.csv`. Optional: `km.csv` (endpoint, group, time, survival, lower, upper),
 * `tlg_correlation.csv` (endpoint, feature, r, p), `split_metrics.csv` (endpoint, model, protocol,
 * split, accuracy, sensitivity, specificity, auc), `comparisons.csv` (endpoint, protocol, model,
 * comparator, split, auc_model, auc_comparator, difference, lower, upper, p), `volumes.json` (a list of
 * `{id, kind, title, modality, endpoint, dims, spacing, file, background}` whose `file` and
 * `background` are raw little-endian float32 files, x fastest).
 *
 * @param dir the folder
 * @param options see {@linkcode LoadReportDataOptions}
 * @returns the typed data
 * @throws {Deno.errors.NotFound} when a required file is missing
 * @throws {SyntaxError} when a file is malformed (names file, line or field)
 *
 * @example Usage
 * ```ts ignore
 * const data = await loadReportData("fixtures/data/report");
 * console.log(data.manifest.runId, data.ttest.length);
 * ```
 */
export async function loadReportData(dir: string, options: LoadReportDataOptions = {}): Promise<ReportData> {
  const json = async (name: string) => JSON.parse((await readText(dir, name, false))!);
  const [run, summary, tt, inc, sel, met, roc, km, tlg, splits, comparisons] = await Promise.all([
    json("run.json"),
    json("summary.json"),
    table(dir, "ttest.csv"),
    table(dir, "inclusion.csv"),
    table(dir, "selected.csv"),
    table(dir, "metrics.csv"),
    table(dir, "roc.csv"),
    table(dir, "km.csv", true),
    table(dir, "tlg_correlation.csv", true),
    table(dir, "split_metrics.csv", true),
    table(dir, "comparisons.csv", true),
  ]);
  const curve = ["endpoint", "model", "protocol"] as const;
  return {
    manifest: parseManifest(run, join(dir, "run.json")),
    summary: parseSummary(summary, join(dir, "summary.json")),
    ttest: mapRows(tt, ["feature", "endpoint", "n_event", "n_no_event", "statistic", "df", "p", "q"], (c, r) => ({
      feature: c.str(r, "feature"),
      endpoint: c.str(r, "endpoint"),
      nEvent: c.num(r, "n_event"),
      nNoEvent: c.num(r, "n_no_event"),
      statistic: c.num(r, "statistic"),
      df: c.num(r, "df"),
      p: c.num(r, "p"),
      q: c.num(r, "q"),
    })),
    inclusion: mapRows(inc, ["feature", "endpoint", "probability"], (c, r) => ({
      feature: c.str(r, "feature"),
      endpoint: c.str(r, "endpoint"),
      probability: c.num(r, "probability"),
    })),
    selected: mapRows(sel, ["endpoint", "rank", "feature"], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      rank: c.num(r, "rank"),
      feature: c.str(r, "feature"),
    })),
    metrics: mapRows(met, [...curve, "metric", "mean", "lower", "upper"], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      model: c.str(r, "model"),
      protocol: c.str(r, "protocol"),
      metric: c.str(r, "metric"),
      mean: c.num(r, "mean"),
      lower: c.num(r, "lower"),
      upper: c.num(r, "upper"),
    })),
    roc: mapRows(roc, [...curve, "fpr", "tpr"], (c, r): RocRow => {
      const row = {
        endpoint: c.str(r, "endpoint"),
        model: c.str(r, "model"),
        protocol: c.str(r, "protocol"),
        fpr: c.num(r, "fpr"),
        tpr: c.num(r, "tpr"),
      };
      return c.has("resample") ? { ...row, resample: c.num(r, "resample") } : row;
    }),
    km: mapRows(km, ["endpoint", "group", "time", "survival", "lower", "upper"], (c, r): KmRow => {
      const row = {
        endpoint: c.str(r, "endpoint"),
        group: c.str(r, "group"),
        time: c.num(r, "time"),
        survival: c.num(r, "survival"),
        lower: c.num(r, "lower"),
        upper: c.num(r, "upper"),
      };
      return c.has("n_risk") ? { ...row, atRisk: c.num(r, "n_risk") } : row;
    }),
    tlgCorrelation: mapRows(tlg, ["endpoint", "feature", "r", "p"], (c, r): TlgCorrelationRow => ({
      endpoint: c.str(r, "endpoint"),
      feature: c.str(r, "feature"),
      r: c.num(r, "r"),
      p: c.num(r, "p"),
    })),
    volumes: options.skipVolumes ? [] : await readVolumes(dir),
    splitMetrics: mapRows(splits, [...curve, "split", ...METRICS], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      model: c.str(r, "model"),
      protocol: c.str(r, "protocol"),
      split: c.num(r, "split"),
      accuracy: c.num(r, "accuracy"),
      sensitivity: c.num(r, "sensitivity"),
      specificity: c.num(r, "specificity"),
      auc: c.num(r, "auc"),
    })),
    comparisons: mapRows(comparisons, COMPARISON_COLUMNS, (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      protocol: c.str(r, "protocol"),
      model: c.str(r, "model"),
      comparator: c.str(r, "comparator"),
      split: c.str(r, "split"),
      aucModel: c.num(r, "auc_model"),
      aucComparator: c.num(r, "auc_comparator"),
      difference: c.num(r, "difference"),
      lower: c.num(r, "lower"),
      upper: c.num(r, "upper"),
      p: c.num(r, "p"),
    })),
  };
}
