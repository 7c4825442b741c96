import assert from "node:assert/strict";
import { createRng, evaluateClassifier, evaluationSplits, selectColumns } from "../../stats/mod.ts";
import { referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("evaluationSplits() run in ranges and summarised give one run's numbers bit for bit", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const sub = selectColumns(matrix, [3, 14, 15]);
  for (const protocol of [{ kind: "bootstrap", resamples: 25 }, { kind: "kfold", folds: 5, repeats: 3 }] as const) {
    const whole = evaluateClassifier(sub, y, { rng: createRng(2, "ranges"), protocol });
    const total = whole.splits;
    const splits = ([[0, 4], [4, 11], [11, total]] as [number, number][]).flatMap(([from, to]) =>
      evaluationSplits(sub, y, { rng: createRng(2, "ranges"), protocol, from, to })
    );
    assert.deepEqual(evaluateClassifier(sub, y, { rng: createRng(0), protocol, splits }), whole, protocol.kind);
  }
});
