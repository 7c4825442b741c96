import assert from "node:assert/strict";
import { endpointsFile } from "../../../../pipeline/study/artifacts/json_file.ts";
import { ttestTable } from "../../../../pipeline/study/artifacts/stats_tables.ts";
import { screen } from "../../../../pipeline/study/stages/screen.ts";
import { runStage, studyEntries, tinySpec, unetNames } from "./_study_inputs.ts";

Deno.test("screen stage tests every U-Net feature per endpoint and counts p < stats.alpha", async () => {
  const root = await Deno.makeTempDir({ prefix: "screen_stage_" });
  try {
    const inputs = await studyEntries(root);
    const r = await runStage(screen, tinySpec(), inputs, root);
    const rows = await ttestTable.read(r.outDir);
    assert.deepEqual([...new Set(rows.map((t) => t.feature))], [...unetNames("ct"), ...unetNames("pet")]);
    assert.deepEqual([...new Set(rows.map((t) => t.endpoint))], ["os2y", "dss2y"]);
    const os = rows.filter((t) => t.endpoint === "os2y");
    assert.ok(os[0]!.p < 0.05 && os[6]!.p < 0.05, "the risk-driven C0 and P0 are significant");
    const count = (m: { name: string; value: number }[]) => m.find((x) => x.name === "significant/os2y")!.value;
    assert.equal(count(r.metrics), os.filter((t) => t.p < 0.05).length);
    const strict = await runStage(screen, tinySpec({ stats: { alpha: 1e-9 } }), inputs, `${root}/strict`);
    assert.equal(count(strict.metrics), os.filter((t) => t.p < 1e-9).length);
    const counts = await endpointsFile.read(r.outDir);
    const c = counts[0]!;
    assert.equal(c.n_event + c.n_no_event + (c.exclusions[0]?.count ?? 0), 30);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
