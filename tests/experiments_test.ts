import assert from "node:assert/strict";
import { join } from "node:path";
import { planStages } from "../pipeline/engine/graph.ts";
import { loadSpec } from "../pipeline/study/load_spec.ts";
import { stagesFor } from "../pipeline/study/stages/registry.ts";
import { ROOT } from "./_helpers/temp_workspace.ts";

async function specFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) out.push(...await specFiles(join(dir, e.name)));
    else if (e.name.endsWith(".yaml")) out.push(join(dir, e.name));
  }
  return out.sort();
}

async function keysOf(path: string): Promise<Map<string, Map<string, string>>> {
  const { variants } = await loadSpec(path);
  const out = new Map<string, Map<string, string>>();
  for (const v of variants) {
    const plan = await planStages(stagesFor(v.spec), v.spec);
    out.set(v.name, new Map(plan.map((p) => [p.stage.name, p.id])));
  }
  return out;
}

Deno.test("loadSpec() accepts every shipped experiment spec", async () => {
  const files = await specFiles(join(ROOT, "experiments"));
  assert.ok(files.length >= 9, files.join(", "));
  for (const f of files) await loadSpec(f);
});

Deno.test("planStages() lets ablation variants share every stage their change does not reach", async (t) => {
  const dir = join(ROOT, "experiments", "ablations");
  await t.step("modality: the CT-only variant reuses the CT network of the two-modality variant", async () => {
    const k = await keysOf(join(dir, "modality.yaml"));
    assert.equal(k.get("ct")!.get("train_ct"), k.get("both")!.get("train_ct"));
    assert.equal(k.get("pet")!.get("extract_pet"), k.get("both")!.get("extract_pet"));
    assert.equal(k.get("ct")!.has("train_pet"), false);
    assert.notEqual(k.get("ct")!.get("screen"), k.get("both")!.get("screen"));
  });
  await t.step("top-k: variants differ only from select on", async () => {
    const k = await keysOf(join(dir, "topk.yaml"));
    const [a, b] = [...k.values()];
    const differing = [...a!.keys()].filter((s) => a!.get(s) !== b!.get(s));
    assert.deepEqual(differing, ["select", "evaluate", "compare", "visualise"]);
  });
  await t.step("seeds: the cohort, crops and radiomics are shared; the networks are not", async () => {
    const k = [...(await keysOf(join(dir, "seeds.yaml"))).values()];
    for (const s of ["ingest", "crop", "radiomics"]) assert.equal(new Set(k.map((m) => m.get(s))).size, 1, s);
    assert.equal(new Set(k.map((m) => m.get("train_ct"))).size, 3);
  });
});
