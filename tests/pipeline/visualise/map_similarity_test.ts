import assert from "node:assert/strict";
import { mapSimilarity } from "../../../pipeline/visualise/map_similarity.ts";
import { createRng } from "../../../stats/random.ts";

const SHAPE = [8, 8, 8] as const;
const rng = createRng(5, "map-similarity-test");
const noise = () => Float32Array.from({ length: 512 }, () => rng.normal());

Deno.test("mapSimilarity(): a map is identical to a rescaled, sign-flipped copy of itself", () => {
  const a = noise();
  const s = mapSimilarity(a, a.map((v) => -3 * v), SHAPE);
  assert.ok(Math.abs(s.spearman - 1) < 1e-12 && Math.abs(s.ssim - 1) < 1e-6, JSON.stringify(s));
});

Deno.test("mapSimilarity(): independent noise maps are dissimilar, a noisy copy lies in between", () => {
  const a = noise();
  const b = noise();
  const apart = mapSimilarity(a, b, SHAPE);
  const near = mapSimilarity(a, a.map((v, i) => v + 0.3 * b[i]!), SHAPE);
  assert.ok(Math.abs(apart.spearman) < 0.15 && apart.ssim < 0.3, JSON.stringify(apart));
  assert.ok(near.spearman > 0.6 && near.ssim > apart.ssim + 0.3, JSON.stringify(near));
  assert.throws(() => mapSimilarity(a, b.subarray(1), SHAPE), /lengths 512 and 511, expected 512/);
});
