import assert from "node:assert/strict";
import { createRng, lassoFit, lassoTopFeatures } from "../../stats/mod.ts";
import { referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("lassoTopFeatures() keeps the k largest |standardised coefficients| of one LASSO fit", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const weights = new Float64Array(96);
  const rng = createRng(12, "top");
  for (let k = 0; k < 96; k++) weights[rng.int(96)]! += 1;
  const rule = { kind: "nonzero", count: 8 } as const;
  const fit = lassoFit(matrix, y, { weights, rule });
  const top = lassoTopFeatures(matrix, y, { weights, rule, topK: 5 });
  assert.equal(top.length, 5);
  const abs = (j: number) => Math.abs(fit.betaStandardized[[...fit.index].indexOf(j)]!);
  for (let k = 1; k < top.length; k++) assert.ok(abs(top[k - 1]!) >= abs(top[k]!));
  const rest = [...fit.index].filter((j) => !top.includes(j));
  for (const j of rest) assert.ok(abs(j) <= abs(top.at(-1)!));
  assert.deepEqual(lassoTopFeatures(matrix, y, { weights, rule, topK: 100 }).sort((a, b) => a - b), [...fit.index]);
});
