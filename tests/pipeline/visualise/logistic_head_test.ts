import assert from "node:assert/strict";
import { logisticHead } from "../../../pipeline/visualise/logistic_head.ts";

Deno.test("logisticHead() keeps terms, centres and scales and refuses bad values", () => {
  const head = logisticHead(0.5, { C01: 1, age: -0.1 }, { means: { age: 60 }, scales: { age: 10 } });
  assert.deepEqual([...head.coefficients], [["C01", 1], ["age", -0.1]]);
  assert.equal(head.scales?.get("age"), 10);
  assert.throws(() => logisticHead(0, {}), RangeError);
  assert.throws(() => logisticHead(0, { a: 1 }, { scales: { a: 0 } }), /scale of "a" is "0"/);
  assert.throws(() => logisticHead(NaN, { a: 1 }), RangeError);
});
