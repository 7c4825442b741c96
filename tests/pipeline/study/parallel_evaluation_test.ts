import assert from "node:assert/strict";
import { createRng, evaluateClassifier, lassoTopFeatures, selectColumns } from "../../../stats/mod.ts";
import { parallelEvaluation } from "../../../pipeline/study/parallel_evaluation.ts";
import { referenceFeatures, referenceLabels } from "../../stats/_reference.ts";

Deno.test("parallelEvaluation() gives evaluateClassifier()'s numbers bit for bit, whatever the worker count", async (t) => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).dss2y!;
  const nested = { topK: 4, rule: { kind: "nonzero", count: 4 } } as const;
  for (
    const protocol of [
      { kind: "bootstrap", resamples: 10, trainFraction: 0.7 },
      { kind: "kfold", folds: 4, repeats: 2 },
    ] as const
  ) {
    await t.step(`${protocol.kind}, nested`, async () => {
      const serial = evaluateClassifier(matrix, y, {
        rng: createRng(8, "evaluation"),
        protocol,
        select: (weights, rng) => lassoTopFeatures(matrix, y, { weights, rng, ...nested }),
      });
      assert.ok(serial.nested);
      for (const workers of [1, 2, 3]) {
        const r = await parallelEvaluation(matrix, y, { rng: createRng(8, "evaluation"), protocol, nested, workers });
        assert.deepEqual(r, serial, `${workers} workers`);
      }
    });
    await t.step(`${protocol.kind}, optimistic`, async () => {
      const sub = selectColumns(matrix, [0, 1, 2]);
      const serial = evaluateClassifier(sub, y, { rng: createRng(9), protocol, threshold: 0.4 });
      const r = await parallelEvaluation(sub, y, { rng: createRng(9), protocol, threshold: 0.4, workers: 2 });
      assert.deepEqual(r, serial);
      assert.ok(!r.nested);
    });
  }
});
