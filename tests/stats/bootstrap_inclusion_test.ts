import assert from "node:assert/strict";
import { bootstrapInclusion, createRng } from "../../stats/mod.ts";
import { referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("bootstrapInclusion() is deterministic and ranks informative features first", async () => {
  const { matrix, names } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const opts = { rng: createRng(9, "incl"), resamples: 8, topK: 5, rule: { kind: "nonzero", count: 5 } } as const;
  const a = bootstrapInclusion(matrix, y, opts);
  const b = bootstrapInclusion(matrix, y, { ...opts, rng: createRng(9, "incl") });
  assert.deepEqual(a.top, b.top);
  assert.deepEqual(a.probability, b.probability);
  assert.equal(a.used + a.skipped, 8);
  const p = a.top.map((j) => a.probability[j]!);
  for (let k = 1; k < p.length; k++) assert.ok(p[k - 1]! >= p[k]!);
  const truth = JSON.parse(
    await Deno.readTextFile(new URL("../../fixtures/data/reference/data/truth_subset.json", import.meta.url)),
  ) as { informative_features: string[] };
  assert.ok(truth.informative_features.includes(names[a.top[0]!]!));
});
