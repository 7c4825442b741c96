import assert from "node:assert/strict";
import { join } from "node:path";
import { TINY_NETWORK, withPlanRun } from "./_run_plan.ts";

Deno.test("export stage writes an ONNX model that agrees with tfjs within 1e-4", async () => {
  await withPlanRun(TINY_NETWORK, ["export_ct"], async (r) => {
    const e = r.entries.get("export_ct")!;
    assert.ok((await Deno.stat(join(e.dir, "model.onnx"))).size > 0);
    for (const name of ["parity_segmentation_max_abs_diff", "parity_bottleneck_max_abs_diff"]) {
      const v = e.manifest.metrics.find((m) => m.name === name)!.value;
      assert.ok(v <= 1e-4, `${name} = ${v}`);
    }
  });
});
