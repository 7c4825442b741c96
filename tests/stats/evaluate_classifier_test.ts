import assert from "node:assert/strict";
import { createRng, evaluateClassifier, lassoFit, screenFeatures, selectColumns } from "../../stats/mod.ts";
import { referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("evaluateClassifier() separates an informative signature from the null, and is deterministic", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const s = screenFeatures(matrix, y);
  const best = [...s.pValue.keys()].sort((a, b) => s.pValue[a]! - s.pValue[b]!).slice(0, 3);
  const sub = selectColumns(matrix, best);
  const run = () =>
    evaluateClassifier(sub, y, { rng: createRng(11, "eval"), protocol: { kind: "bootstrap", resamples: 60 } });
  const a = run();
  const b = run();
  assert.deepEqual(a, b);
  assert.equal(a.splits, 60);
  assert.ok(a.metrics.auc.mean > 0.6, `auc ${a.metrics.auc.mean}`);
  assert.ok(a.metrics.auc.lower <= a.metrics.auc.mean && a.metrics.auc.mean <= a.metrics.auc.upper);
  const shuffled = Float64Array.from(y, (_, i) => y[(i * 37) % 96]!);
  const nullRun = evaluateClassifier(sub, shuffled, {
    rng: createRng(11),
    protocol: { kind: "kfold", folds: 6, repeats: 2 },
  });
  assert.equal(nullRun.splits, 12);
  assert.ok(nullRun.metrics.auc.mean < a.metrics.auc.mean);
});

Deno.test("evaluateClassifier() nested selection runs LASSO inside each training split", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const calls: number[] = [];
  const r = evaluateClassifier(matrix, y, {
    rng: createRng(3),
    protocol: { kind: "kfold", folds: 3 },
    select: (w) => {
      let used = 0;
      w.forEach((v) => (used += v > 0 ? 1 : 0));
      calls.push(used);
      return lassoFit(matrix, y, { weights: w, rule: { kind: "nonzero", count: 3 } }).index;
    },
  });
  assert.equal(calls.length, 3);
  for (const c of calls) assert.ok(c >= 63 && c <= 65); // two thirds of 96 patients
  assert.ok(r.nested);
  assert.ok(r.metrics.auc.mean > 0.5);
});
