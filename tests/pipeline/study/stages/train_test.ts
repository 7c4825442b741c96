import assert from "node:assert/strict";
import { trainingFile } from "../../../../pipeline/study/stages/_model_io.ts";
import { TINY_NETWORK, withPlanRun } from "./_run_plan.ts";

Deno.test("train stage fits the U-Net on the training patients and records split, backend and Dice", async () => {
  await withPlanRun(TINY_NETWORK, ["train_ct"], async (r) => {
    const e = r.entries.get("train_ct")!;
    const t = await trainingFile.read(e.dir);
    assert.equal(t.backend, "cpu");
    assert.equal(t.epochs, 1);
    assert.deepEqual([...t.trainIds, ...t.valIds].sort(), ["SYN0001", "SYN0002", "SYN0003"]);
    const dice = e.manifest.metrics.find((m) => m.name === "best_val_dice")!.value;
    assert.ok(dice >= 0 && dice <= 1, `Dice ${dice}`);
  });
});
