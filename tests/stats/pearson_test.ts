import assert from "node:assert/strict";
import { pearson } from "../../stats/mod.ts";
import { assertClose, readJson, referenceFeatures } from "./_reference.ts";

type Ref = Record<
  string,
  { x: string; y: string; r: number; r_squared: number; t: number; p_two_sided: number; ci95_fisher_z: number[] }
>;

Deno.test("pearson() matches scipy pearsonr and the Fisher-z interval", async () => {
  const { matrix, names } = await referenceFeatures();
  const col = (name: string) => {
    const j = names.indexOf(name);
    return matrix.data.subarray(j * matrix.nRows, (j + 1) * matrix.nRows);
  };
  const ref = await readJson<Ref>("expected/pearson.json");
  for (const e of Object.values(ref)) {
    const r = pearson(col(e.x), col(e.y));
    assertClose(r.estimate, e.r, { abs: 1e-12 }, "r");
    assertClose(r.rSquared, e.r_squared, { abs: 1e-12 }, "r2");
    assertClose(r.statistic, e.t, { rel: 1e-9 }, "t");
    assertClose(r.pValue, e.p_two_sided, { rel: 1e-6 }, "p");
    assertClose(r.ci[0], e.ci95_fisher_z[0]!, { abs: 1e-10 }, "lo");
    assertClose(r.ci[1], e.ci95_fisher_z[1]!, { abs: 1e-10 }, "hi");
  }
});

Deno.test("pearson() edge cases", () => {
  assert.ok(Number.isNaN(pearson([1, 1, 1, 1], [1, 2, 3, 4]).estimate));
  assert.throws(() => pearson([1, 2], [1, 2]), RangeError);
  assert.throws(() => pearson([1, 2, NaN], [1, 2, 3]), RangeError);
  assert.equal(pearson([1, 2, 3, 4], [2, 4, 6, 8]).estimate, 1);
});
