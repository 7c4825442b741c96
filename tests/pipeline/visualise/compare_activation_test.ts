import assert from "node:assert/strict";
import { compareActivation } from "../../../pipeline/visualise/compare_activation.ts";

Deno.test("compareActivation() gives mid-rank percentile, z-score and ratio to the real maximum", () => {
  const c = compareActivation(3, [1, 3, 3, 5]);
  assert.equal(c.percentile, 50);
  assert.equal(c.realMean, 3);
  assert.ok(Math.abs(c.realSd - Math.sqrt(8 / 3)) < 1e-12);
  assert.equal(c.zScore, 0);
  assert.equal(c.ratioToMax, 0.6);
  assert.equal(compareActivation(0, [1]).percentile, 0);
  assert.ok(Number.isNaN(compareActivation(2, [0, 0]).zScore));
  assert.throws(() => compareActivation(1, []), RangeError);
  assert.throws(() => compareActivation(1, [NaN]), RangeError);
});
