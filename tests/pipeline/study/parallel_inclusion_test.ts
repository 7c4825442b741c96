import assert from "node:assert/strict";
import { bootstrapInclusion, createRng } from "../../../stats/mod.ts";
import { parallelInclusion } from "../../../pipeline/study/parallel_inclusion.ts";
import { referenceFeatures, referenceLabels } from "../../stats/_reference.ts";

Deno.test("parallelInclusion() gives bootstrapInclusion()'s numbers bit for bit, whatever the worker count", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os5y!;
  const o = { resamples: 12, topK: 10, rule: { kind: "nonzero", count: 8 } } as const;
  const serial = bootstrapInclusion(matrix, y, { ...o, rng: createRng(21, "inclusion/os5y") });
  const ticks: number[] = [];
  for (const workers of [1, 2, 3]) {
    const r = await parallelInclusion(matrix, y, {
      ...o,
      rng: createRng(21, "inclusion/os5y"),
      workers,
      onResample: (done) => ticks.push(done),
    });
    assert.deepEqual(r, serial, `${workers} workers`);
  }
  assert.equal(ticks.filter((d) => d === serial.used).length, 3);
  const other = await parallelInclusion(matrix, y, { ...o, rng: createRng(22, "inclusion/os5y"), workers: 2 });
  assert.notDeepEqual(other.probability, serial.probability);
});

Deno.test("parallelInclusion() reports a worker's error and rejects a bad worker count", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  await assert.rejects(
    parallelInclusion(matrix, y, { rng: createRng(1), resamples: 4, rule: { kind: "nonzero", count: 0 }, workers: 2 }),
    RangeError,
  );
  await assert.rejects(parallelInclusion(matrix, y, { rng: createRng(1), resamples: 4, workers: 0 }), RangeError);
});
