import assert from "node:assert/strict";
import { join } from "node:path";
import { readFeatureTable } from "../../../../pipeline/study/artifacts/feature_table.ts";
import { TINY_COHORT, withPlanRun } from "./_run_plan.ts";

Deno.test("radiomics stage writes TLG and the baseline radiomic set of every patient", async () => {
  await withPlanRun(TINY_COHORT, ["radiomics"], async (r) => {
    const entry = r.entries.get("radiomics")!;
    const t = await readFeatureTable(join(entry.dir, "features.csv"));
    assert.deepEqual(t.ids, ["SYN0001", "SYN0002", "SYN0003"]);
    const tlg = t.names.indexOf("pet_tlg");
    assert.ok(tlg >= 0, t.names.join(","));
    for (let i = 0; i < 3; i++) assert.ok(t.matrix.data[tlg * 3 + i]! > 0);
    assert.equal(entry.manifest.metrics.find((m) => m.name === "features")!.value, t.names.length);
  });
});
