/**
 * Early cutoff and `verify` rely on it: two clean runs of the same spec in two empty caches give
 * identical outputs for every stage — byte-identical files, and `.duckdb` files with identical
 * tables (DuckDB's bytes are not reproducible) — timings, resume points and host facts live in the
 * manifest's info and metrics, never in the outputs.
 */
import assert from "node:assert/strict";
import { runExperiment } from "../../pipeline/study/run_experiment.ts";
import { differingOutputs } from "../../pipeline/engine/differing_outputs.ts";
import { ROOT, tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";
import { TINY } from "../_helpers/tiny_spec.ts";

Deno.test("two clean runs of the tiny spec give identical outputs for every stage (DuckDB files: identical tables)", async () => {
  const a = await tempWorkspace();
  const b = await tempWorkspace();
  try {
    const options = { progress: false, root: ROOT, report: false } as const;
    const [first] = await runExperiment(await writeSpec(a.dir, "tiny.yaml", TINY), a, options);
    const [second] = await runExperiment(await writeSpec(b.dir, "tiny.yaml", TINY), b, options);
    assert.equal(first!.entries.size, first!.outcomes.length, "every stage of the spec finished");
    assert.ok(first!.entries.has("train_ct") && first!.entries.has("evaluate"));
    for (const [stage, entry] of first!.entries) {
      assert.deepEqual(await differingOutputs(entry, second!.entries.get(stage)!), [], `outputs of ${stage}`);
      for (const [file, hash] of Object.entries(entry.manifest.outputs)) {
        if (!file.endsWith(".duckdb")) assert.equal(second!.entries.get(stage)!.manifest.outputs[file], hash, file);
      }
    }
    const training = first!.entries.get("train_ct")!.manifest.info;
    assert.equal((training.epochSeconds as number[]).length, 1, "timings are kept, in the manifest's info");
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});
