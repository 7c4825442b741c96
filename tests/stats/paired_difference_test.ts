import assert from "node:assert/strict";
import { pairedDifference } from "../../stats/mod.ts";

Deno.test("pairedDifference() pairs by resample: a constant shift is exact, a coin flip straddles 0", () => {
  const a = Array.from({ length: 200 }, (_, i) => 0.5 + 0.3 * Math.sin(i));
  const shifted = pairedDifference(a, a.map((x) => x - 0.1));
  assert.ok(Math.abs(shifted.estimate - 0.1) < 1e-12);
  assert.ok(Math.abs(shifted.ci[0] - 0.1) < 1e-12 && Math.abs(shifted.ci[1] - 0.1) < 1e-12);
  assert.equal(shifted.pValue, 0);
  const noisy = pairedDifference(a, a.map((x, i) => x + (i % 2 ? 0.05 : -0.05)));
  assert.ok(noisy.ci[0] < 0 && noisy.ci[1] > 0 && noisy.pValue === 1);
});

Deno.test("pairedDifference() leaves out NaN pairs; all NaN gives NaN; bad input throws", () => {
  assert.equal(pairedDifference([1, NaN, 0.5], [0.5, 0.2, NaN]).n, 1);
  const none = pairedDifference([NaN], [0.5]);
  assert.ok(Number.isNaN(none.estimate) && Number.isNaN(none.pValue) && none.n === 0);
  assert.throws(() => pairedDifference([1, 2], [1]), RangeError);
  assert.throws(() => pairedDifference([1], [1], { confidenceLevel: 1 }), RangeError);
});
