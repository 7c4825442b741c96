import assert from "node:assert/strict";
import { readCrop } from "../../../../pipeline/study/stages/_entries.ts";
import { cropsFile } from "../../../../pipeline/study/artifacts/json_file.ts";
import { TINY_COHORT, withPlanRun } from "./_run_plan.ts";

Deno.test("crop stage resamples every patient's CT, PET and mask onto the crop grid", async () => {
  await withPlanRun(TINY_COHORT, ["crop"], async (r) => {
    const crop = r.entries.get("crop")!;
    const ids = [...(await cropsFile.read(crop.dir)).patients];
    assert.deepEqual(ids, ["SYN0001", "SYN0002", "SYN0003"]);
    const c = await readCrop(crop, ids[0]!);
    for (const v of [c.ct, c.pet, c.mask]) assert.deepEqual([...v.dims], [16, 16, 8]); // 48 × 48 × 24 mm at 3 mm
    assert.ok(c.mask.data.some((x) => x > 0), "the tumour is inside the crop");
  });
});
