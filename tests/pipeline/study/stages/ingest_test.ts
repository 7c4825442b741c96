import assert from "node:assert/strict";
import { join } from "node:path";
import { generateSyntheticCohort } from "../../../../fixtures/synthetic_cohort.ts";
import { planStages } from "../../../../pipeline/engine/graph.ts";
import { runPipeline } from "../../../../pipeline/engine/runner.ts";
import { parseSpec } from "../../../../pipeline/study/load_spec.ts";
import { stagesFor } from "../../../../pipeline/study/stages/registry.ts";
import { tempWorkspace } from "../../../_helpers/temp_workspace.ts";

async function runCrop(ws: Awaited<ReturnType<typeof tempWorkspace>>, dir: string, skipBad: boolean) {
  const text = `experiment: x\nseed: 1\ncohort: {dir: ${JSON.stringify(dir)}, skip_bad: ${skipBad}}\n` +
    "crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}\n";
  const spec = parseSpec(text, "x.yaml").variants[0]!.spec;
  const plan = await planStages(stagesFor(spec), spec, { targets: ["crop"] });
  return await runPipeline(plan, { cache: ws.cache });
}

Deno.test("ingest and crop stages name an unusable patient, or skip it with --skip-bad and record why", async () => {
  const ws = await tempWorkspace();
  try {
    const dir = join(ws.dir, "cohort");
    await generateSyntheticCohort(dir, { patients: 3, seed: 4, geometry: "demo" });
    await Deno.remove(join(dir, "SYN0002", "pet.nii.gz"));
    await assert.rejects(() => runCrop(ws, dir, false), /SYN0002 · pet: file "SYN0002\/pet\.nii\.gz" not found/);
    const r = await runCrop(ws, dir, true);
    const crop = r.entries.get("crop")!;
    assert.deepEqual(JSON.parse(await Deno.readTextFile(join(crop.dir, "crops.json"))).patients, [
      "SYN0001",
      "SYN0003",
    ]);
    const ingest = r.entries.get("ingest")!;
    assert.deepEqual(ingest.manifest.warnings, ['patient "SYN0002" skipped: pet: file "SYN0002/pet.nii.gz" not found']);
    assert.equal(ingest.manifest.metrics.find((m) => m.name === "skipped")!.value, 1);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("ingest's key follows the files a cohort reads by absolute path or through a symlink", async () => {
  const ws = await tempWorkspace();
  try {
    const dir = join(ws.dir, "cohort");
    const outside = join(ws.dir, "outside");
    await generateSyntheticCohort(outside, { patients: 2, seed: 4, geometry: "demo" });
    await Deno.mkdir(dir);
    const csv = await Deno.readTextFile(join(outside, "cohort.csv"));
    // SYN0001 by absolute paths, SYN0002 through a symlinked patient folder
    await Deno.writeTextFile(join(dir, "cohort.csv"), csv.replaceAll("SYN0001/", `${outside}/SYN0001/`));
    await Deno.symlink(join(outside, "SYN0002"), join(dir, "SYN0002"));
    const spec =
      parseSpec(`experiment: x\nseed: 1\ncohort: {dir: ${JSON.stringify(dir)}}\n`, "x.yaml").variants[0]!.spec;
    const key = async () => (await planStages(stagesFor(spec), spec, { targets: ["ingest"] }))[0]!.id;
    const k0 = await key();
    assert.equal(await key(), k0);
    const touch = async (path: string) => {
      const b = await Deno.readFile(path);
      b[b.length - 1] = b[b.length - 1]! ^ 1;
      await Deno.writeFile(path, b);
    };
    await touch(join(outside, "SYN0001", "ct.nii.gz"));
    const k1 = await key();
    assert.notEqual(k1, k0);
    await touch(join(outside, "SYN0002", "mask.nii.gz"));
    assert.notEqual(await key(), k1);
  } finally {
    await ws.cleanup();
  }
});
