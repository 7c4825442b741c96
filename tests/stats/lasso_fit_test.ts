import assert from "node:assert/strict";
import { createRng, lassoCv, lassoFit, lassoPath } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("lassoFit() fixed λ equals the glmnet path step at that λ", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const lambda = numbers(await readCsv("expected/glmnet_os2y_path.csv"), "lambda");
  const fixed = lassoFit(matrix, y, { rule: { kind: "fixed", lambda: lambda[11]! } });
  const path = lassoPath(matrix, y, { nLambda: 12 + 88 });
  const step = path.steps[11]!;
  assert.deepEqual([...fixed.index], [...step.index]);
  assertClose(fixed.objective, step.objective, { rel: 1e-10 }, "objective");
  const k = lassoFit(matrix, y, { rule: { kind: "nonzero", count: 10 } });
  assert.ok(k.index.length >= 10);
  assert.ok(path.steps.filter((s) => s.lambda > k.lambda).every((s) => s.index.length < 10));
});

Deno.test("lassoCv() picks λ_1se ≥ λ_min and is seed-deterministic", async () => {
  const { matrix } = await referenceFeatures();
  const y = (await referenceLabels()).dss2y!;
  const run = () => lassoCv(matrix, y, { rng: createRng(5, "cv"), folds: 5, nLambda: 30 });
  const a = run();
  const b = run();
  assert.deepEqual(a.meanDeviance, b.meanDeviance);
  assert.ok(a.index1se <= a.indexMin);
  assert.ok(a.meanDeviance[a.indexMin]! < a.meanDeviance[0]!);
  const fit = lassoFit(matrix, y, { rule: { kind: "cv-1se", folds: 5 }, rng: createRng(5, "cv"), nLambda: 30 });
  assert.equal(fit.lambda, a.path.steps[a.index1se]!.lambda);
  assert.throws(() => lassoFit(matrix, y, { rule: { kind: "cv-min", folds: 5 } }), RangeError);
});
