import assert from "node:assert/strict";
import { inclusionTable } from "../../../../pipeline/study/artifacts/stats_tables.ts";
import { lasso } from "../../../../pipeline/study/stages/lasso.ts";
import { runStage, studyEntries, tinySpec } from "./_study_inputs.ts";

Deno.test("lasso stage ranks the risk-driven features first and depends only on the stats seed", async () => {
  const root = await Deno.makeTempDir({ prefix: "lasso_stage_" });
  try {
    const inputs = await studyEntries(root);
    const a = await runStage(lasso, tinySpec(), inputs, `${root}/a`);
    const rows = await inclusionTable.read(a.outDir);
    const os = rows.filter((r) => r.endpoint === "os2y").sort((x, y) => y.probability - x.probability);
    assert.ok(["C0", "P0"].includes(os[0]!.feature), `top feature ${os[0]!.feature}`);
    assert.ok(rows.every((r) => r.probability > 0 && r.probability <= 1));
    assert.equal(a.metrics.find((m) => m.name === "resamples_used/os2y")!.value, 6);
    const again = await runStage(lasso, tinySpec(), inputs, `${root}/b`);
    const text = await Deno.readTextFile(`${a.outDir}/inclusion.csv`);
    assert.equal(await Deno.readTextFile(`${again.outDir}/inclusion.csv`), text);
    const reseeded = await runStage(
      lasso,
      tinySpec({ stats: { seed: 99, lasso: { bootstrap: 6 } } }),
      inputs,
      `${root}/c`,
    );
    assert.notEqual(await Deno.readTextFile(`${reseeded.outDir}/inclusion.csv`), text);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
