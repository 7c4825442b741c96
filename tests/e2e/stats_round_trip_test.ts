/**
 * One protocol: the statistics a run computed, exported with `runs export`, are recomputed byte for
 * byte by `deepmarker stats` from the exported features, labels and settings — under both bootstrap
 * protocols (the paper's optimistic order and the nested one).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../pipeline/study/run_experiment.ts";
import { parseStatsSettings } from "../../pipeline/study/protocol/settings.ts";
import { ROOT, runCli, tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";

const TINY = `experiment: tiny-stats
seed: 3
cohort:
  synthetic: {patients: 10, seed: 5, effect: strong, geometry: demo}
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}
visualise: {enabled: false}
stats:
  seed: 11
  lasso: {bootstrap: 6, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 6, protocols: [bootstrap-optimistic, bootstrap-nested]}
`;
const OUTPUTS = ["ttest.csv", "inclusion.csv", "selected.csv", "metrics.csv", "roc.csv"];

Deno.test("runs export + stats reproduce a run's five statistics files byte for byte", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "tiny.yaml", TINY);
    const [run] = await runExperiment(spec, ws, { progress: false, root: ROOT });
    const home = join(ws.dir, "home");
    const exported = join(ws.dir, "export");
    const ex = await runCli(home, ["runs", "export", run!.runId, "--out", exported]);
    assert.equal(ex.code, 0, ex.stderr);
    const settings = parseStatsSettings(await Deno.readTextFile(join(exported, "stats.yaml")), "stats.yaml");
    assert.equal(settings.seed, 11);
    assert.deepEqual(settings.evaluation.protocols, ["bootstrap-optimistic", "bootstrap-nested"]);
    assert.equal(settings.models.signature, "unet");
    assert.ok(settings.models.comparators.tlg!.includes("pet_tlg"));
    const again = join(ws.dir, "again");
    const st = await runCli(home, [
      "stats",
      "--features",
      join(exported, "features.csv"),
      "--labels",
      join(exported, "labels.csv"),
      "--settings",
      join(exported, "stats.yaml"),
      "--out",
      again,
    ]);
    assert.equal(st.code, 0, st.stderr);
    for (const f of OUTPUTS) {
      const want = await Deno.readTextFile(join(exported, f));
      assert.ok(want.split("\n").length > 2, `${f} has rows`);
      assert.equal(await Deno.readTextFile(join(again, f)), want, f);
    }
    const metrics = await Deno.readTextFile(join(again, "metrics.csv"));
    for (const p of ["bootstrap-optimistic", "bootstrap-nested"]) assert.match(metrics, new RegExp(`,unet,${p},auc,`));

    // a different seed gives different resamples: the comparison above can fail
    const other = join(ws.dir, "other");
    const args = ["--labels", join(exported, "labels.csv"), "--settings", join(exported, "stats.yaml")];
    const o = await runCli(home, [
      "stats",
      "--features",
      join(exported, "features.csv"),
      ...args,
      "--set",
      "seed=12",
      "--out",
      other,
    ]);
    assert.equal(o.code, 0, o.stderr);
    assert.notEqual(await Deno.readTextFile(join(other, "roc.csv")), await Deno.readTextFile(join(again, "roc.csv")));
  } finally {
    await ws.cleanup();
  }
});
