/**
 * Stage `screen`: a two-sample test (Welch by default) of every U-Net feature for every endpoint,
 * death vs survival group, with Benjamini–Hochberg q-values; writes `ttest.csv` and `endpoints.json`
 * (per endpoint: events, non-events and exclusions with the reason).
 *
 * @module
 */
import { join } from "node:path";
import { benjaminiHochberg } from "../../../stats/benjamini_hochberg.ts";
import { screenFeatures } from "../../../stats/screen_features.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { endpointLabels, readClinical, writeCsv } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/** Screen every feature against every endpoint. */
export const screen = defineStudyStage({
  name: "screen",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet"],
  description: "t-test of every U-Net feature per endpoint, with BH q-values",
  params: (spec) => ({ test: spec.stats.test, endpoints: spec.endpoints, modalities: spec.modalities }),
  async run(ctx) {
    const table = await readUnetFeatures(ctx.inputs, ctx.params.modalities);
    const clinical = await readClinical(ctx.inputs.ingest!);
    const endpoints = endpointLabels(clinical, table.ids, ctx.params.endpoints);
    const test = ctx.params.test === "mann_whitney" ? "mann-whitney" : ctx.params.test;
    const rows: Record<string, unknown>[] = [];
    const counts = [];
    let degenerate = 0;
    ctx.progress.start("endpoints", endpoints.length);
    for (const e of endpoints) {
      const s = screenFeatures(table.matrix, e.labels, { test });
      const q = benjaminiHochberg(s.pValue);
      let significant = 0;
      for (let j = 0; j < table.names.length; j++) {
        rows.push({
          feature: table.names[j],
          endpoint: e.name,
          n_event: s.nEvent,
          n_no_event: s.nNoEvent,
          statistic: s.statistic[j],
          df: s.df[j],
          p: s.pValue[j],
          q: q[j],
        });
        if (s.pValue[j]! < 0.05) significant++;
      }
      degenerate = Math.max(degenerate, s.degenerate.length);
      counts.push({
        endpoint: e.name,
        n_event: e.nEvent,
        n_no_event: e.nNoEvent,
        exclusions: e.nExcluded > 0 ? [{ reason: "censored before the horizon", count: e.nExcluded }] : [],
      });
      ctx.metric({ name: `significant_p05/${e.name}`, value: significant });
      ctx.progress.tick(e.name);
    }
    if (degenerate > 0) {
      ctx.warn(`up to ${degenerate} features are constant on an endpoint's patients and have no test (p = NaN)`);
    }
    await writeCsv(join(ctx.outDir, "ttest.csv"), [
      "feature",
      "endpoint",
      "n_event",
      "n_no_event",
      "statistic",
      "df",
      "p",
      "q",
    ], rows);
    await Deno.writeTextFile(join(ctx.outDir, "endpoints.json"), JSON.stringify(counts, null, 2));
  },
});
