import assert from "node:assert/strict";
import { descendantsOf, stageKey, topologicalOrder } from "../../../pipeline/engine/graph.ts";

Deno.test("stageKey() is pinned for a fixed toy stage (changing the key scheme must be deliberate)", async () => {
  const key = await stageKey({ name: "toy", version: 1 }, {
    params: { b: 2, a: [1, 2] },
    inputKeys: { upstream: "0".repeat(64) },
    files: {},
  });
  // = sha256 of {"files":{},"inputs":{"upstream":"000…"},"name":"toy","params":{"a":[1,2],"b":2},"version":1}
  assert.equal(key, "e3c2ffe85ead990a21f93fe215b11cdc65ea1541991d5e24aeb09f59f03fd111");
});

Deno.test("stageKey() ignores key order but not values, version or inputs", async () => {
  const base = { params: { a: 1, b: 2 }, inputKeys: {}, files: {} };
  const k = await stageKey({ name: "s", version: 1 }, base);
  assert.equal(await stageKey({ name: "s", version: 1 }, { ...base, params: { b: 2, a: 1 } }), k);
  assert.notEqual(await stageKey({ name: "s", version: 2 }, base), k);
  assert.notEqual(await stageKey({ name: "s", version: 1 }, { ...base, params: { a: 1, b: 3 } }), k);
  assert.notEqual(await stageKey({ name: "s", version: 1 }, { ...base, inputKeys: { x: "1" } }), k);
});

Deno.test("topologicalOrder() orders by inputs and rejects cycles and unknown inputs", () => {
  const s = (name: string, inputs: string[]) => ({ name, inputs });
  assert.deepEqual(topologicalOrder([s("c", ["b"]), s("b", ["a"]), s("a", [])]).map((x) => x.name), ["a", "b", "c"]);
  assert.throws(() => topologicalOrder([s("a", ["b"]), s("b", ["a"])]), /cycle a → b → a/);
  assert.throws(() => topologicalOrder([s("a", ["zz"])]), /reads unknown stage "zz"/);
  assert.deepEqual([...descendantsOf([s("a", []), s("b", ["a"]), s("c", [])], "a")], ["a", "b"]);
});
