import assert from "node:assert/strict";
import { join } from "node:path";
import { featureName } from "../../../../pipeline/model/feature_names.ts";
import { readFeatures } from "../../../../pipeline/model/read_features.ts";
import { parseSpec } from "../../../../pipeline/study/load_spec.ts";
import { selectedTable } from "../../../../pipeline/study/artifacts/stats_tables.ts";
import { visualise } from "../../../../pipeline/study/stages/visualise.ts";
import { TINY_NETWORK, withPlanRun } from "./_run_plan.ts";
import { runStage } from "./_study_inputs.ts";

Deno.test("visualise stage writes activation maximisation and saliency volumes of a selected unit", async () => {
  // 6 patients and a 5-year horizon: the endpoint has both classes (the saliency head is a logistic fit)
  const yaml = TINY_NETWORK.replace("patients: 3", "patients: 6") +
    "endpoints: [{name: os5y, event: os, horizon_months: 60}]\n" +
    "visualise: {iterations: 2, starts: 1, max_units: 1, patients: 1}\n";
  await withPlanRun(yaml, ["extract_ct"], async (r) => {
    const root = await Deno.makeTempDir({ prefix: "visualise_stage_" });
    try {
      const select = { stage: "select", key: "select", dir: join(root, "select"), manifest: {} as never };
      await Deno.mkdir(select.dir);
      const { nFeatures } = await readFeatures(join(r.entries.get("extract_ct")!.dir, "features.duckdb"), "ct");
      const feature = featureName("ct", 0, { count: nFeatures });
      await selectedTable.write(select.dir, [{ endpoint: "os5y", rank: 1, feature, probability: 1 }]);
      const inputs = { ...Object.fromEntries(r.entries), select };
      const spec = parseSpec(yaml, "stage.yaml").variants[0]!.spec;
      const out = await runStage(visualise, spec, inputs, root);
      const volumes = JSON.parse(await Deno.readTextFile(join(out.outDir, "volumes.json")));
      const kinds = new Set(volumes.map((v: { kind: string }) => v.kind));
      assert.ok(kinds.has("activation") && kinds.has("saliency"), JSON.stringify([...kinds]));
      for (const v of volumes) {
        const n = v.dims[0] * v.dims[1] * v.dims[2];
        assert.equal((await Deno.stat(join(out.outDir, v.file))).size, 4 * n);
      }
      // Every saliency map has its sanity checks, and (a synthetic cohort) its known-truth concentrations.
      const maps = volumes.filter((v: { kind: string }) => v.kind === "saliency");
      const checks = JSON.parse(await Deno.readTextFile(join(out.outDir, "checks.json")));
      assert.deepEqual(
        checks.map((c: { patient: string; method: string }) => `${c.patient}/${c.method}`).sort(),
        maps.map((v: { patient: string; method: string }) => `${v.patient}/${v.method}`).sort(),
      );
      const regions = JSON.parse(await Deno.readTextFile(join(out.outDir, "concentration.json")));
      assert.equal(regions.length, maps.length * 4);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});
