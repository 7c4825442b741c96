import assert from "node:assert/strict";
import {
  kmTable,
  metricsTable,
  rocTable,
  tlgCorrelationTable,
} from "../../../../pipeline/study/artifacts/stats_tables.ts";
import { evaluate } from "../../../../pipeline/study/stages/evaluate.ts";
import { lasso } from "../../../../pipeline/study/stages/lasso.ts";
import { select } from "../../../../pipeline/study/stages/select.ts";
import { runStage, studyEntries, tinySpec } from "./_study_inputs.ts";

Deno.test("evaluate stage scores the U-Net signature, TLG and the radiomic set under each protocol", async () => {
  const root = await Deno.makeTempDir({ prefix: "evaluate_stage_" });
  try {
    const inputs = await studyEntries(root);
    const spec = tinySpec();
    const l = await runStage(lasso, spec, inputs, root);
    const s = await runStage(select, spec, { lasso: l.entry }, root);
    const r = await runStage(evaluate, spec, { ...inputs, select: s.entry }, root);
    const metrics = await metricsTable.read(r.outDir);
    const keys = new Set(metrics.map((m) => `${m.endpoint}/${m.model}/${m.protocol}`));
    for (const e of ["os2y", "dss2y"]) {
      for (const model of ["unet", "tlg", "radiomics"]) {
        for (const p of ["bootstrap-optimistic", "bootstrap-nested"]) assert.ok(keys.has(`${e}/${model}/${p}`));
      }
    }
    const tlg = metrics.find((m) => m.endpoint === "os2y" && m.model === "tlg" && m.metric === "auc")!;
    assert.ok(tlg.mean > 0.6, `TLG follows the risk: AUC ${tlg.mean}`);
    assert.ok(r.metrics.some((m) => m.name === "auc/os2y/unet/bootstrap-nested"));
    const roc = await rocTable.read(r.outDir);
    assert.ok(roc.every((p) => p.fpr >= 0 && p.fpr <= 1 && p.tpr >= 0 && p.tpr <= 1));
    assert.equal((await tlgCorrelationTable.read(r.outDir)).length, 4); // top 2 × 2 endpoints
    const km = await kmTable.read(r.outDir);
    assert.deepEqual([...new Set(km.map((k) => k.group))], ["high risk", "low risk"]);
    const survival = JSON.parse(await Deno.readTextFile(`${r.outDir}/survival.json`));
    assert.ok(survival.os2y.cIndex > 0.5);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
