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
  riskTable,
  rocTable,
  selectedTable,
  signatureTable,
  tlgCorrelationTable,
  truthCorrelationTable,
  ttestTable,
} from "../pipeline/study/artifacts/stats_tables.ts";
import { comparisonsTable, splitMetricsTable } from "../pipeline/study/artifacts/comparison_tables.ts";
import { fields, parseManifest, parseSummary } from "./_json_data.ts";
import type { ConcentrationRow, MapSimilarityRow, ReportData, ReportVolume, SaliencyCheckRow } from "./report_data.ts";

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
    const tags = {
      ...(f.obj["method"] === undefined ? {} : { method: f.str("method") }),
      ...(f.obj["patient"] === undefined ? {} : { patient: f.str("patient") }),
    };
    const base = {
      ...tags,
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

/** JSON numbers, with `null` (how JSON.stringify writes NaN) read back as NaN. */
function numberOrNaN(v: unknown, file: string, field: string): number {
  if (v === null) return NaN;
  if (typeof v !== "number") throw new SyntaxError(`Cannot read "${file}": field "${field}" must be a number`);
  return v;
}

function numbers(v: unknown, file: string, field: string): number[] {
  if (!Array.isArray(v)) throw new SyntaxError(`Cannot read "${file}": field "${field}" must be an array of numbers`);
  return v.map((x, i) => numberOrNaN(x, file, `${field}[${i}]`));
}

async function readChecks(dir: string): Promise<SaliencyCheckRow[]> {
  const file = join(dir, "checks.json");
  const text = await readText(dir, "checks.json", true);
  if (text === undefined) return [];
  const list = JSON.parse(text);
  if (!Array.isArray(list)) throw new SyntaxError(`Cannot read "${file}": expected an array of checks`);
  return list.map((row, i): SaliencyCheckRow => {
    const p = `[${i}].`;
    const f = fields(row, file, p);
    const sim = (o: Record<string, unknown>, at: string): MapSimilarityRow => ({
      spearman: numberOrNaN(o["spearman"], file, `${at}spearman`),
      ssim: numberOrNaN(o["ssim"], file, `${at}ssim`),
    });
    const model = fields(f.obj["model"], file, `${p}model.`);
    const outcome = fields(f.obj["outcome"], file, `${p}outcome.`);
    const del = fields(f.obj["deletion"], file, `${p}deletion.`);
    return {
      modality: f.str("modality"),
      patient: f.str("patient"),
      method: f.str("method"),
      empty: f.bool("empty", false),
      model: {
        steps: model.arr("steps").map((s, k) => {
          const g = fields(s, file, `${p}model.steps[${k}].`);
          return { block: g.str("block"), ...sim(g.obj, `${p}model.steps[${k}].`) };
        }),
        pass: model.bool("pass"),
      },
      outcome: {
        ...sim(outcome.obj, `${p}outcome.`),
        changes: outcome.bool("changes"),
        signalAuc: numberOrNaN(outcome.obj["signalAuc"], file, `${p}outcome.signalAuc`),
        signalP: outcome.num("signalP"),
        pass: outcome.bool("pass"),
      },
      deletion: {
        fractions: numbers(del.obj["fractions"], file, `${p}deletion.fractions`),
        curve: numbers(del.obj["curve"], file, `${p}deletion.curve`),
        random: del.arr("random").map((r, k) => numbers(r, file, `${p}deletion.random[${k}]`)),
        effect: del.num("effect"),
        randomEffect: del.num("randomEffect"),
        randomSpread: del.num("randomSpread"),
        pass: del.bool("pass"),
      },
      verdicts: f.arr("verdicts").map((v, k) => {
        if (typeof v !== "string") {
          throw new SyntaxError(`Cannot read "${file}": field "${p}verdicts[${k}]" must be a string`);
        }
        return v;
      }),
    };
  });
}

async function readConcentrations(dir: string): Promise<ConcentrationRow[]> {
  const file = join(dir, "concentration.json");
  const text = await readText(dir, "concentration.json", true);
  if (text === undefined) return [];
  const list = JSON.parse(text);
  if (!Array.isArray(list)) throw new SyntaxError(`Cannot read "${file}": expected an array of concentrations`);
  return list.map((row, i) => {
    const f = fields(row, file, `[${i}].`);
    return {
      modality: f.str("modality"),
      patient: f.str("patient"),
      method: f.str("method"),
      region: f.str("region"),
      ratio: numberOrNaN(f.obj["ratio"], file, `[${i}].ratio`),
      volumeShare: f.num("volumeShare"),
    };
  });
}

/**
 * Read the stored results of one run from a folder.
 *
 * Required: `run.json`, `summary.json`, `ttest.csv`, `inclusion.csv`, `selected.csv`,
 * `metrics.csv`, `roc.csv`. Optional: `km.csv`, `tlg_correlation.csv`, `truth_correlation.csv`, `risk.csv`,
 * `signature.csv`, `volumes.json` (a list of `{id, kind, title, modality, endpoint, method, patient, dims,
 * spacing, file, background}` whose `file` and `background` are raw little-endian float32 files, x fastest),
 * `checks.json` (the saliency maps' sanity checks, {@linkcode SaliencyCheckRow}) and `concentration.json`
 * (saliency in known-truth regions, {@linkcode ConcentrationRow}).
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
  const [
    run,
    summary,
    ttest,
    inclusion,
    selected,
    metrics,
    roc,
    km,
    tlgCorrelation,
    truth,
    risks,
    signature,
    splits,
    comparisons,
  ] = await Promise
    .all([
      json("run.json"),
      json("summary.json"),
      rows(dir, ttestTable),
      rows(dir, inclusionTable),
      rows(dir, selectedTable),
      rows(dir, metricsTable),
      rows(dir, rocTable),
      rows(dir, kmTable, true),
      rows(dir, tlgCorrelationTable, true),
      rows(dir, truthCorrelationTable, true),
      rows(dir, riskTable, true),
      rows(dir, signatureTable, true),
      rows(dir, splitMetricsTable, true),
      rows(dir, comparisonsTable, true),
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
    truthCorrelation: truth,
    risks,
    signatureValues: signature,
    volumes: options.skipVolumes ? [] : await readVolumes(dir),
    saliencyChecks: await readChecks(dir),
    concentrations: await readConcentrations(dir),
    splitMetrics: splits,
    comparisons,
  };
}
