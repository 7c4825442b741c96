/**
 * Stage `screen`: a two-sample test (Welch by default) of every U-Net feature for every endpoint,
 * death vs survival group, with Benjamini–Hochberg q-values; writes `ttest.csv` and `endpoints.json`
 * (per endpoint: events, non-events and exclusions with the reason).
 *
 * @module
 */
import { defineStudyStage } from "./_define_study_stage.ts";
import { readClinical } from "../artifacts/clinical_table.ts";
import { type EndpointCountsRecord, endpointsFile } from "../artifacts/json_file.ts";
import { ttestTable } from "../artifacts/stats_tables.ts";
import { screenEndpoint } from "../protocol/screening.ts";
import { statsSettingsOf } from "../protocol/settings.ts";
import { endpointLabels } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/** Screen every feature against every endpoint. */
export const screen = defineStudyStage({
  name: "screen",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet"],
  description: "t-test of every U-Net feature per endpoint, with BH q-values",
  params: (spec) => {
    const s = statsSettingsOf(spec);
    return { test: s.test, alpha: s.alpha, endpoints: spec.endpoints, modalities: spec.modalities };
  },
  async run(ctx) {
    const table = await readUnetFeatures(ctx.inputs, ctx.params.modalities);
    const clinical = await readClinical(ctx.inputs.ingest!.dir);
    const endpoints = endpointLabels(clinical, table.ids, ctx.params.endpoints);
    const rows = [];
    const counts: EndpointCountsRecord[] = [];
    let degenerate = 0;
    ctx.progress.start("endpoints", endpoints.length);
    for (const e of endpoints) {
      const s = screenEndpoint(table.matrix, table.names, e, ctx.params);
      rows.push(...s.rows);
      degenerate = Math.max(degenerate, s.degenerate);
      counts.push({
        endpoint: e.name,
        n_event: e.nEvent,
        n_no_event: e.nNoEvent,
        exclusions: e.nExcluded > 0 ? [{ reason: "censored before the horizon", count: e.nExcluded }] : [],
      });
      ctx.metric({ name: `significant/${e.name}`, value: s.significant });
      ctx.progress.tick(e.name);
    }
    if (degenerate > 0) {
      ctx.warn(`up to ${degenerate} features are constant on an endpoint's patients and have no test (p = NaN)`);
    }
    await ttestTable.write(ctx.outDir, rows);
    await endpointsFile.write(ctx.outDir, counts);
  },
});
