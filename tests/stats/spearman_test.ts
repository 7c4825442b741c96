import assert from "node:assert/strict";
import { pearson, spearman } from "../../stats/mod.ts";

Deno.test("spearman() matches scipy.stats.spearmanr with ties", () => {
  // scipy 1.17.1: spearmanr([3,1,4,1,5,9,2,6,5,3,5], [2,7,1,8,2,8,1,8,2,8,4]).statistic
  const rho = spearman([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4]);
  assert.ok(Math.abs(rho - 0.1384567651467695) < 1e-12, `rho ${rho}`);
});

Deno.test("spearman() is invariant under monotone maps and equals Pearson on ranks", () => {
  const x = [0.3, -1.2, 2.5, 0.7, 1.1, -0.4];
  const y = [1.0, 0.2, 3.3, 0.1, 2.2, 0.5];
  assert.equal(spearman(x.map(Math.exp), y.map((v) => v ** 3)), spearman(x, y));
  const rank = (v: number[]) => v.map((a) => v.filter((b) => b < a).length + 1);
  assert.ok(Math.abs(spearman(x, y) - pearson(rank(x), rank(y)).estimate) < 1e-12);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
  assert.throws(() => spearman([1, 2], [1]), RangeError);
});
