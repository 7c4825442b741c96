/** The statistics protocol from CSV files to an output folder (`deepmarker stats`). @module */
import { DeepmarkerError } from "../../errors.ts";
import { parseCsv, toCsv } from "./_csv.ts";
import { statsProtocol, type StatsProtocolOptions } from "./stats_protocol.ts";

/** Options for {@linkcode runStatsProtocol}: the protocol settings plus the output folder. */
export interface RunStatsProtocolOptions extends StatsProtocolOptions {
  /** Output folder (created if missing). */
  readonly outDir: string;
}

/**
 * Read a feature table (first column patient id, one column per feature) and a label table (patient
 * id plus one 0/1 column per endpoint; blank = excluded), run {@linkcode statsProtocol}, and write
 * `ttest.csv`, `inclusion.csv` (non-zero probabilities only), `selected.csv`, `metrics.csv`,
 * `roc.csv` and `summary.json` to `outDir`. Patients are matched by id; ids present in only one
 * file are excluded and counted in `summary.json` (`exclusions`).
 *
 * @param featuresCsvPath feature table
 * @param labelsCsvPath label table
 * @param options output folder and protocol settings
 * @returns the summary object written to `summary.json`
 * @throws {DeepmarkerError} when a file is malformed, a value is not numeric, or no patient matches
 *
 * @example Usage
 * ```ts ignore
 * import { runStatsProtocol } from "./run_stats_protocol.ts";
 * await runStatsProtocol("features.csv", "labels.csv", { outDir: "out/stats", seed: 1 });
 * ```
 */
export async function runStatsProtocol(
  featuresCsvPath: string,
  labelsCsvPath: string,
  options: RunStatsProtocolOptions,
): Promise<Record<string, unknown>> {
  const features = parseCsv(await Deno.readTextFile(featuresCsvPath), featuresCsvPath, "features");
  const labels = parseCsv(await Deno.readTextFile(labelsCsvPath), labelsCsvPath, "labels");
  const labelRow = new Map(labels.rows.map((r) => [r[0]!.trim(), r]));
  const kept = features.rows.filter((r) => labelRow.has(r[0]!.trim()));
  const featureIds = new Set(features.rows.map((r) => r[0]!.trim()));
  if (kept.length === 0) {
    throw new DeepmarkerError(
      `Cannot run the stats protocol: no patient id of "${featuresCsvPath}" appears in "${labelsCsvPath}"`,
    );
  }
  const n = kept.length;
  const p = features.header.length - 1;
  const data = new Float64Array(n * p);
  kept.forEach((r, i) => {
    for (let j = 0; j < p; j++) {
      const s = r[j + 1]!.trim();
      const v = s === "" || s === "NA" || s === "NaN" ? NaN : Number(s);
      if (Number.isNaN(v) && !(s === "" || s === "NA" || s === "NaN")) {
        throw new DeepmarkerError(
          `Cannot read features "${featuresCsvPath}": patient "${r[0]}" feature "${
            features.header[j + 1]
          }" is "${s}", expected a number`,
        );
      }
      data[j * n + i] = v;
    }
  });
  const endpoints: Record<string, Float64Array> = {};
  labels.header.slice(1).forEach((name, c) => {
    endpoints[name] = Float64Array.from(kept, (r) => {
      const s = labelRow.get(r[0]!.trim())![c + 1]!.trim();
      if (s === "") return NaN;
      if (s !== "0" && s !== "1") {
        throw new DeepmarkerError(
          `Cannot read labels "${labelsCsvPath}": patient "${
            r[0]
          }" endpoint "${name}" is "${s}", expected 0, 1 or blank`,
        );
      }
      return Number(s);
    });
  });
  const r = await statsProtocol(
    { nRows: n, nCols: p, data },
    { featureNames: features.header.slice(1), endpoints },
    options,
  );
  const summary = {
    ...r.summary,
    exclusions: {
      featureRowsWithoutLabels: features.rows.length - n,
      labelRowsWithoutFeatures: labels.rows.filter((l) => !featureIds.has(l[0]!.trim())).length,
    },
  };
  const dir = options.outDir;
  await Deno.mkdir(dir, { recursive: true });
  const write = (name: string, text: string) => Deno.writeTextFile(`${dir}/${name}`, text);
  await write(
    "ttest.csv",
    toCsv(
      ["feature", "endpoint", "n_event", "n_no_event", "statistic", "df", "p", "q"],
      r.ttest.map((t) => [t.feature, t.endpoint, t.nEvent, t.nNoEvent, t.statistic, t.df, t.p, t.q]),
    ),
  );
  await write(
    "inclusion.csv",
    toCsv(["feature", "endpoint", "probability"], r.inclusion.map((t) => [t.feature, t.endpoint, t.probability])),
  );
  await write(
    "selected.csv",
    toCsv(["endpoint", "rank", "feature"], r.selected.map((t) => [t.endpoint, t.rank, t.feature])),
  );
  await write(
    "metrics.csv",
    toCsv(
      ["endpoint", "model", "protocol", "metric", "mean", "lower", "upper"],
      r.metrics.map((t) => [t.endpoint, t.model, t.protocol, t.metric, t.mean, t.lower, t.upper]),
    ),
  );
  await write(
    "roc.csv",
    toCsv(
      ["endpoint", "model", "protocol", "fpr", "tpr"],
      r.roc.map((t) => [t.endpoint, t.model, t.protocol, t.fpr, t.tpr]),
    ),
  );
  await write("summary.json", JSON.stringify(summary, null, 2) + "\n");
  return summary;
}
