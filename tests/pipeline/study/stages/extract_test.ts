import assert from "node:assert/strict";
import { join } from "node:path";
import { readFeatures } from "../../../../pipeline/model/read_features.ts";
import { diceTable } from "../../../../pipeline/study/artifacts/dice_table.ts";
import { TINY_NETWORK, withPlanRun } from "./_run_plan.ts";

Deno.test("extract stage stores every patient's bottleneck features and Dice", async () => {
  await withPlanRun(TINY_NETWORK, ["extract_ct"], async (r) => {
    const e = r.entries.get("extract_ct")!;
    const f = await readFeatures(join(e.dir, "features.duckdb"), "ct");
    assert.deepEqual(f.patients, ["SYN0001", "SYN0002", "SYN0003"]);
    assert.equal(f.nFeatures, e.manifest.metrics.find((m) => m.name === "features")!.value);
    assert.ok(f.matrix.every(Number.isFinite));
    const dice = await diceTable.read(e.dir);
    assert.deepEqual(dice.map((d) => d.patientId), f.patients);
  });
});
