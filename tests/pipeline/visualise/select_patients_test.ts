import assert from "node:assert/strict";
import { selectPatients } from "../../../pipeline/visualise/select_patients.ts";

Deno.test("selectPatients() takes both ends of the risk ranking without overlap", () => {
  const ids = ["a", "b", "c", "d", "e"];
  assert.deepEqual(selectPatients(ids, [0.3, 0.9, 0.1, 0.9, 0.2], { perEnd: 2 }), {
    highest: ["b", "d"],
    lowest: ["c", "e"],
  });
  assert.deepEqual(selectPatients(["a", "b", "c"], [0.1, 0.5, 0.9], { perEnd: 5 }), { highest: ["c"], lowest: ["a"] });
  assert.deepEqual(selectPatients(["a"], [0.4]), { highest: ["a"], lowest: [] });
  assert.throws(() => selectPatients(ids, [1]), RangeError);
});
