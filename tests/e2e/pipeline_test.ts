/**
 * End to end on a tiny synthetic cohort: run → report exists → a second run computes nothing →
 * changing the LASSO top-k recomputes only the stages downstream of the selection.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../pipeline/study/run_experiment.ts";
import { ROOT, tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";

const TINY = `experiment: tiny
seed: 3
cohort:
  synthetic: {patients: 10, seed: 5, effect: strong, geometry: demo}
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}
visualise: {iterations: 4, starts: 1, max_units: 1, patients: 1}
stats:
  lasso: {bootstrap: 8, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 8, protocols: [bootstrap-optimistic, bootstrap-nested]}
`;

Deno.test("runExperiment() runs the whole protocol, caches every stage and recomputes only what top-k reaches", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "tiny.yaml", TINY);
    const options = { progress: false, root: ROOT } as const;
    const [first] = await runExperiment(spec, ws, options);
    const stages = first!.outcomes.map((o) => o.stage);
    assert.deepEqual(stages, [
      "ingest",
      "crop",
      "train_ct",
      "export_ct",
      "extract_ct",
      "train_pet",
      "export_pet",
      "extract_pet",
      "radiomics",
      "screen",
      "lasso",
      "select",
      "evaluate",
      "compare",
      "visualise",
    ]);
    assert.ok(first!.outcomes.every((o) => o.status === "ok" && !o.cacheHit));
    const html = await Deno.readTextFile(first!.report!);
    for (const id of ["fig-2a", "fig-2b", "fig-2c", "table-truth"]) assert.match(html, new RegExp(`id="${id}"`));
    // Every saliency map the stage drew has its sanity checks, and the report shows them beside it.
    const visualised = first!.entries.get("visualise")!.dir;
    const maps = JSON.parse(await Deno.readTextFile(join(visualised, "volumes.json")))
      .filter((v: { kind: string }) => v.kind === "saliency");
    const checks = JSON.parse(await Deno.readTextFile(join(visualised, "checks.json")));
    assert.equal(checks.length, maps.length);
    assert.equal(html.match(/<ul class="verdicts">/g)?.length ?? 0, maps.length);
    assert.equal(first!.report, join(ws.outRoot, "tiny", first!.runId, "index.html"));

    const [second] = await runExperiment(spec, ws, options);
    assert.deepEqual(second!.outcomes.filter((o) => !o.cacheHit).map((o) => o.stage), []);

    const [third] = await runExperiment(spec, ws, { ...options, set: ["stats.lasso.top_k=2"] });
    assert.deepEqual(third!.outcomes.filter((o) => !o.cacheHit).map((o) => o.stage), [
      "select",
      "evaluate",
      "compare",
      "visualise",
    ]);
    const selected = await Deno.readTextFile(join(third!.entries.get("select")!.dir, "selected.csv"));
    assert.ok(selected.trim().split("\n").slice(1).every((l) => Number(l.split(",")[1]) <= 2));
  } finally {
    await ws.cleanup();
  }
});
