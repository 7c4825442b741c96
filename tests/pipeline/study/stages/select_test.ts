import assert from "node:assert/strict";
import { inclusionTable, selectedTable } from "../../../../pipeline/study/artifacts/stats_tables.ts";
import { select } from "../../../../pipeline/study/stages/select.ts";
import { runStage, tinySpec } from "./_study_inputs.ts";

Deno.test("select stage keeps top_k per endpoint by probability, then |coefficient|, then column", async () => {
  const root = await Deno.makeTempDir({ prefix: "select_stage_" });
  try {
    const lassoDir = `${root}/lasso`;
    await Deno.mkdir(lassoDir);
    await inclusionTable.write(lassoDir, [
      { feature: "C0", endpoint: "os2y", probability: 0.5, meanAbsCoefficient: 0.1, index: 0 },
      { feature: "C1", endpoint: "os2y", probability: 0.5, meanAbsCoefficient: 0.3, index: 1 },
      { feature: "C2", endpoint: "os2y", probability: 0.9, meanAbsCoefficient: 0.1, index: 2 },
      { feature: "C3", endpoint: "os2y", probability: 0.5, meanAbsCoefficient: 0.1, index: 3 },
      { feature: "C4", endpoint: "dss2y", probability: 0.2, meanAbsCoefficient: 0.1, index: 4 },
    ]);
    const entry = { stage: "lasso", key: "k", dir: lassoDir, manifest: {} as never };
    const r = await runStage(select, tinySpec({ stats: { lasso: { top_k: 3 } } }), { lasso: entry }, root);
    const rows = await selectedTable.read(r.outDir);
    assert.deepEqual(rows.map((s) => `${s.endpoint}:${s.rank}:${s.feature}`), [
      "os2y:1:C2",
      "os2y:2:C1",
      "os2y:3:C0",
      "dss2y:1:C4",
    ]);
    assert.equal(r.metrics.find((m) => m.name === "lowest_inclusion/os2y")!.value, 0.5);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
