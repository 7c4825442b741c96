import assert from "node:assert/strict";
import { createRng, evaluationPartitions, evaluationSplits, featureMatrix } from "../../stats/mod.ts";

const y = Array.from({ length: 30 }, (_, i) => (i % 7 === 0 ? NaN : i % 3 === 0 ? 1 : 0));

Deno.test("evaluationPartitions() are the test sets evaluationSplits() scores, whatever the model's features", () => {
  for (const protocol of [{ kind: "bootstrap", resamples: 12 }, { kind: "kfold", folds: 4 }] as const) {
    const parts = evaluationPartitions(y, { rng: createRng(9, "split"), protocol });
    for (const column of [y.map((_, i) => Math.sin(i)), y.map((_, i) => i % 5)]) {
      const splits = evaluationSplits(featureMatrix([column]), y, { rng: createRng(9, "split"), protocol });
      assert.equal(splits.length, parts.length);
      splits.forEach((s, b) => {
        const expected = [...parts[b]!.test.keys()].flatMap((i) => Array(parts[b]!.test[i]).fill(i));
        assert.deepEqual([...s.rows], expected, `${protocol.kind} split ${b}`);
      });
    }
  }
});

Deno.test("evaluationPartitions() never puts a patient in both parts nor an excluded patient in either", () => {
  for (const protocol of [{ kind: "bootstrap", resamples: 20 }, { kind: "kfold", folds: 5, repeats: 2 }] as const) {
    for (const p of evaluationPartitions(y, { rng: createRng(1), protocol })) {
      y.forEach((v, i) => {
        assert.ok(!(p.train[i]! > 0 && p.test[i]! > 0), `patient ${i} in both`);
        if (Number.isNaN(v)) assert.equal(p.train[i]! + p.test[i]!, 0);
      });
    }
  }
  const folds = evaluationPartitions(y, { rng: createRng(1), protocol: { kind: "kfold", folds: 5 } });
  const tested = folds.reduce((s, f) => s + f.test.reduce((a, b) => a + b, 0), 0);
  assert.equal(tested, y.filter((v) => !Number.isNaN(v)).length);
  assert.throws(
    () => evaluationPartitions(y, { rng: createRng(1), protocol: { kind: "kfold", folds: 1 } }),
    RangeError,
  );
});
