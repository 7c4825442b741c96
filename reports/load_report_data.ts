/**
 * Read a run's stored results folder into {@linkcode ReportData}.
 *
 * @module
 */

import { join } from "node:path";
import { columns, type CsvTable, parseCsv } from "./_csv.ts";
import { fields, parseManifest, parseSummary } from "./_json_data.ts";
import type {
  ConcentrationRow,
  KmRow,
  MapSimilarityRow,
  ReportData,
  ReportVolume,
  RocRow,
  SaliencyCheckRow,
  TlgCorrelationRow,
} from "./report_data.ts";

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
 * `metrics.csv`, `roc.csv`. Optional: `km.csv` (endpoint, group, time, survival, lower, upper),
 * `tlg_correlation.csv` (endpoint, feature, r, p), `truth_correlation.csv` (endpoint, feature, driver, r, p),
 * `risk.csv` (endpoint, patient, risk), `signature.csv`
 * (endpoint, patient, feature, value), `volumes.json` (a list of
 * `{id, kind, title, modality, endpoint, dims, spacing, file, background}` whose `file` and
 * `background` are raw little-endian float32 files, x fastest), `concentration.json` (saliency concentration
 * in known-truth regions, see {@linkcode ConcentrationRow}), `checks.json` (the saliency maps' sanity
 * checks, see {@linkcode SaliencyCheckRow}).
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
  const [run, summary, tt, inc, sel, met, roc, km, tlg, risk, sig, truth] = await Promise.all([
    json("run.json"),
    json("summary.json"),
    table(dir, "ttest.csv"),
    table(dir, "inclusion.csv"),
    table(dir, "selected.csv"),
    table(dir, "metrics.csv"),
    table(dir, "roc.csv"),
    table(dir, "km.csv", true),
    table(dir, "tlg_correlation.csv", true),
    table(dir, "risk.csv", true),
    table(dir, "signature.csv", true),
    table(dir, "truth_correlation.csv", true),
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
    truthCorrelation: mapRows(truth, ["endpoint", "feature", "driver", "r", "p"], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      feature: c.str(r, "feature"),
      driver: c.str(r, "driver"),
      r: c.num(r, "r"),
      p: c.num(r, "p"),
    })),
    risks: mapRows(risk, ["endpoint", "patient", "risk"], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      patient: c.str(r, "patient"),
      risk: c.num(r, "risk"),
    })),
    signatureValues: mapRows(sig, ["endpoint", "patient", "feature", "value"], (c, r) => ({
      endpoint: c.str(r, "endpoint"),
      patient: c.str(r, "patient"),
      feature: c.str(r, "feature"),
      value: c.num(r, "value"),
    })),
    volumes: options.skipVolumes ? [] : await readVolumes(dir),
    saliencyChecks: await readChecks(dir),
    concentrations: await readConcentrations(dir),
  };
}
