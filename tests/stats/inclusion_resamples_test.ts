import assert from "node:assert/strict";
import { bootstrapInclusion, createRng, inclusionResamples } from "../../stats/mod.ts";
import { referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("inclusionResamples() run in ranges and summarised give one run's numbers bit for bit", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).dss5y!;
  const o = { resamples: 9, rule: { kind: "nonzero", count: 6 } } as const;
  const whole = bootstrapInclusion(matrix, y, { ...o, topK: 8, rng: createRng(4, "ranges") });
  const selections = ([[0, 2], [2, 7], [7, 9]] as const).flatMap(([from, to]) =>
    inclusionResamples(matrix, y, { ...o, rng: createRng(4, "ranges"), from, to })
  );
  assert.deepEqual(bootstrapInclusion(matrix, y, { ...o, topK: 8, rng: createRng(0), selections }), whole);
  assert.throws(() => inclusionResamples(matrix, y, { ...o, rng: createRng(4), from: 5, to: 10 }), RangeError);
});
