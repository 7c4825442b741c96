import assert from "node:assert/strict";
import { benjaminiHochberg, mannWhitney, tTest } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("tTest() matches scipy on one feature, Welch and Student", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const ref = await readCsv("expected/ttest_main.csv.gz");
  const x = matrix.data.subarray(0, 96);
  const a = [...x].filter((_, i) => y[i] === 1);
  const b = [...x].filter((_, i) => y[i] === 0);
  const w = tTest(a, b);
  const s = tTest(a, b, { equalVariance: true });
  assertClose(w.pValue, numbers(ref, "p_welch")[0]!, { rel: 1e-6 }, "welch p");
  assertClose(s.pValue, numbers(ref, "p_student")[0]!, { rel: 1e-6 }, "student p");
  assert.equal(s.df, 94);
});

Deno.test("tTest(), mannWhitney() and benjaminiHochberg() edge cases", () => {
  assert.throws(() => tTest([1], [1, 2]), RangeError);
  assert.throws(() => tTest([1, NaN], [1, 2]), RangeError);
  assert.ok(Number.isNaN(tTest([1, 1], [1, 1]).pValue));
  assert.ok(tTest([1e150, 1.1e150, 0.9e150], [-1e150, -1.1e150, -0.9e150]).pValue < 1e-3); // huge values, no overflow
  assert.ok(Number.isNaN(mannWhitney([2, 2], [2, 2]).pValue));
  assert.throws(() => mannWhitney([], [1]), RangeError);
  assert.deepEqual([...benjaminiHochberg([NaN, 0.02, 0.04])], [NaN, 0.04, 0.04]);
  assert.throws(() => benjaminiHochberg([1.5]), RangeError);
});
