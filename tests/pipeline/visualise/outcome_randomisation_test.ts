import assert from "node:assert/strict";
import { permutedHeads, permuteLabels } from "../../../pipeline/visualise/outcome_randomisation.ts";

Deno.test("permuteLabels() shuffles only the labelled patients, seeded and per index", () => {
  const labels = [1, 0, NaN, 1, 0, 0, 1, NaN, 0, 1, 1, 0];
  const a = permuteLabels(labels, 42, 0);
  assert.deepEqual([...a].map(Number.isNaN), labels.map(Number.isNaN));
  assert.equal([...a].filter((v) => v === 1).length, 5);
  assert.deepEqual([...permuteLabels(labels, 42, 0)], [...a]);
  assert.notDeepEqual([...permuteLabels(labels, 42, 1)], [...a]);
});

Deno.test("permutedHeads() refits the head on each permutation", () => {
  const x = Array.from({ length: 30 }, (_, i) => Math.sin(i * 1.3) + i / 30);
  const y = x.map((v, i) => (v + 0.4 * Math.cos(5 * i) > 0.5 ? 1 : 0));
  const heads = permutedHeads(new Map([["C01", x]]), y, { count: 3, seed: 7 });
  const betas = heads.map((h) => h.coefficients.get("C01")!);
  assert.equal(new Set(betas).size, 3);
  assert.ok(heads.every((h) => h.means!.get("C01") === x.reduce((s, v) => s + v, 0) / 30));
});
