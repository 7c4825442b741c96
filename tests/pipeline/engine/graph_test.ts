import assert from "node:assert/strict";
import {
  descendantsOf,
  outputsDigest,
  planStages,
  recipeDigest,
  resolveKey,
  topologicalOrder,
} from "../../../pipeline/engine/graph.ts";
import { defineStage } from "../../../pipeline/engine/stage.ts";
import type { CacheEntry, Manifest } from "../../../pipeline/engine/stage.ts";

Deno.test("recipeDigest() is pinned for a fixed toy stage (changing the key scheme must be deliberate)", async () => {
  const digest = await recipeDigest({ name: "toy" }, { params: { b: 2, a: [1, 2] }, files: {}, code: "c0de" });
  // = sha256 (as `sha256sum` prints it) of {"code":"c0de","files":{},"name":"toy","params":{"a":[1,2],"b":2}}
  assert.equal(digest, "3889ef5630ad36c642619fcec31703b8200b91323a053f5423bb28364e4a501c");
});

Deno.test("recipeDigest() ignores key order but not values, version override, files or code", async () => {
  const base = { params: { a: 1, b: 2 }, files: {}, code: "x" };
  const k = await recipeDigest({ name: "s" }, base);
  assert.equal(await recipeDigest({ name: "s" }, { ...base, params: { b: 2, a: 1 } }), k);
  assert.notEqual(await recipeDigest({ name: "s", version: 2 }, base), k);
  assert.notEqual(await recipeDigest({ name: "s" }, { ...base, params: { a: 1, b: 3 } }), k);
  assert.notEqual(await recipeDigest({ name: "s" }, { ...base, files: { f: "1" } }), k);
  assert.notEqual(await recipeDigest({ name: "s" }, { ...base, code: "y" }), k);
});

Deno.test("outputsDigest() covers only the outputs a stage reads, and refuses a pattern that matches nothing", async () => {
  const a = { "images.json": "1", "cohort/a.nii": "2", "clinical.csv": "3" };
  const b = { ...a, "clinical.csv": "4" };
  assert.equal(
    await outputsDigest(a, ["images.json", "cohort/**"]),
    await outputsDigest(b, ["images.json", "cohort/**"]),
  );
  assert.notEqual(await outputsDigest(a), await outputsDigest(b));
  assert.notEqual(
    await outputsDigest(a, ["cohort/**"]),
    await outputsDigest({ ...a, "cohort/a.nii": "9" }, ["cohort/**"]),
  );
  await assert.rejects(() => outputsDigest(a, ["image.json"]), /No output matches "image.json"/);
});

const source = import.meta.url;
const up = defineStage({ name: "up", source, inputs: [], description: "", params: () => ({}), run: async () => {} });
const down = defineStage({
  name: "down",
  source,
  inputs: ["up"],
  description: "",
  params: (spec: { k: number }) => ({ k: spec.k }),
  run: async () => {},
});
const entryWith = (outputs: Record<string, string>): CacheEntry => ({
  stage: "up",
  key: crypto.randomUUID(),
  dir: "/nowhere",
  manifest: { outputs } as unknown as Manifest,
});

Deno.test("resolveKey() depends on the input's output hashes, not on its key (early cutoff)", async () => {
  const [, planned] = await planStages([up, down], { k: 1 });
  const first = await resolveKey(planned!, { up: entryWith({ "x.txt": "aa" }) });
  const sameOutputs = await resolveKey(planned!, { up: entryWith({ "x.txt": "aa" }) });
  const otherOutputs = await resolveKey(planned!, { up: entryWith({ "x.txt": "bb" }) });
  assert.equal(sameOutputs.key, first.key);
  assert.notEqual(otherOutputs.key, first.key);
  await assert.rejects(() => resolveKey(planned!, {}), /input "up" has no entry/);
});

Deno.test("planStages() gives ids that variants sharing a stage share, and code digests of the stage module", async () => {
  const [u1, d1] = await planStages([up, down], { k: 1 });
  const [u2, d2] = await planStages([up, down], { k: 2 });
  assert.equal(u1!.id, u2!.id);
  assert.notEqual(d1!.id, d2!.id);
  assert.ok("tests/pipeline/engine/graph_test.ts" in u1!.code.files);
  assert.ok("pipeline/engine/graph.ts" in u1!.code.files);
});

Deno.test("topologicalOrder() orders by inputs and rejects cycles and unknown inputs", () => {
  const s = (name: string, inputs: string[]) => ({ name, inputs });
  assert.deepEqual(topologicalOrder([s("c", ["b"]), s("b", ["a"]), s("a", [])]).map((x) => x.name), ["a", "b", "c"]);
  assert.throws(() => topologicalOrder([s("a", ["b"]), s("b", ["a"])]), /cycle a → b → a/);
  assert.throws(() => topologicalOrder([s("a", ["zz"])]), /reads unknown stage "zz"/);
  assert.deepEqual([...descendantsOf([s("a", []), s("b", ["a"]), s("c", [])], "a")], ["a", "b"]);
});
