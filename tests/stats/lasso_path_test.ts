import assert from "node:assert/strict";
import { featureMatrix, lassoPath } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson, referenceFeatures, referenceLabels } from "./_reference.ts";

interface Meta {
  nulldev: number;
  chosen: Record<string, { step: number; lambda: number; dev_ratio_tight: number; objective_tight: number }>;
}

Deno.test("lassoPath() matches glmnet on os2y (λ path, nulldev, tight coefficients)", async () => {
  const { matrix, names } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const meta = await readJson<Meta>("expected/glmnet_os2y_meta.json");
  const pathCsv = await readCsv("expected/glmnet_os2y_path.csv");
  const refLambda = numbers(pathCsv, "lambda");
  const path = lassoPath(matrix, y);
  assert.equal(path.steps.length, 100);
  assertClose(path.nullDeviance, meta.nulldev, { rel: 1e-10 }, "nulldev");
  path.steps.forEach((s, k) => assertClose(s.lambda, refLambda[k]!, { rel: 1e-10 }, `lambda ${k}`));
  const dfT = numbers(pathCsv, "df_tight");
  const devT = numbers(pathCsv, "dev_ratio_tight");
  const objT = numbers(pathCsv, "penalized_objective_tight");
  const objD = numbers(pathCsv, "penalized_objective");
  const devD = numbers(pathCsv, "dev_ratio");
  path.steps.forEach((s, k) => {
    assertClose(s.objective, objT[k]!, { rel: 1e-6 }, `objective step ${k + 1}`);
    assertClose(s.devRatio, devT[k]!, { abs: 1e-5 }, `dev ratio step ${k + 1}`);
    assert.ok(Math.abs(s.index.length - dfT[k]!) <= 1, `df step ${k + 1}`);
    assertClose(s.objective, objD[k]!, { rel: 5e-5 }, `objective vs default ${k + 1}`);
    assertClose(s.devRatio, devD[k]!, { abs: 2e-4 }, `dev ratio vs default ${k + 1}`);
  });
  const sel = await readCsv("expected/glmnet_os2y_selected.csv");
  const terms = sel.rows.map((r) => r[0]!);
  const sd = numbers(sel, "sd_1overn");
  const mean = numbers(sel, "mean");
  for (const c of Object.values(meta.chosen)) {
    const step = path.steps[c.step - 1]!;
    const ref = numbers(sel, `coef_tight_step${c.step}`);
    assertClose(step.objective, c.objective_tight, { rel: 1e-8 }, `objective ${c.step}`);
    assertClose(step.devRatio, c.dev_ratio_tight, { abs: 1e-6 }, `devRatio ${c.step}`);
    const ours = new Map([...step.index].map((j, k) => [names[j]!, step.beta[k]!]));
    const refSupport = terms.filter((_t, r) => r > 0 && ref[r] !== 0).sort();
    assert.deepEqual([...ours.keys()].sort(), refSupport, `support ${c.step}`);
    let refB0 = ref[0]!;
    let ourB0 = step.intercept;
    terms.forEach((t, r) => {
      if (r === 0) return;
      const b = ours.get(t) ?? 0;
      assertClose(b * sd[r]!, ref[r]! * sd[r]!, { abs: 1e-4 }, `coef ${t} step ${c.step}`);
      refB0 += ref[r]! * mean[r]!;
      ourB0 += b * mean[r]!;
    });
    assertClose(ourB0, refB0, { abs: 1e-4 }, `intercept ${c.step}`);
  }
});

Deno.test("lassoPath() never lets constant or non-finite features in, and honours weights", () => {
  const y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0];
  const good = [0.1, 0.5, 2.1, 0.3, 1.9, 2.2, 0.2, 1.4, 2.5, 0.9];
  const m = featureMatrix([good, Array(10).fill(3), [...good.slice(0, 9), NaN]]);
  const path = lassoPath(m, y, { nLambda: 20 });
  assert.deepEqual(path.excluded, [1, 2]);
  for (const s of path.steps) assert.ok(s.index.every((j) => j === 0));
  // integer weights = duplicated rows
  const w = [2, 1, 1, 3, 1, 1, 1, 2, 1, 1];
  const dupRows: number[][] = [];
  const dupY: number[] = [];
  w.forEach((k, i) => {
    for (let r = 0; r < k; r++) {
      dupRows.push([good[i]!, i % 3]);
      dupY.push(y[i]!);
    }
  });
  const a = lassoPath(featureMatrix([good, good.map((_, i) => i % 3)]), y, { weights: w, nLambda: 15 });
  const b = lassoPath(featureMatrix(dupRows, { layout: "rows" }), dupY, { nLambda: 15 });
  a.steps.forEach((s, k) => {
    assertClose(s.lambda, b.steps[k]!.lambda, { rel: 1e-12 }, "lambda");
    assertClose(s.objective, b.steps[k]!.objective, { rel: 1e-10 }, "objective");
  });
});

Deno.test("lassoPath() rejects a single-class endpoint", () => {
  const m = featureMatrix([[1, 2, 3, 4]]);
  assert.throws(() => lassoPath(m, [1, 1, 1, 1]), RangeError);
  assert.throws(() => lassoPath(m, [1, 0, 1, 0], { weights: [1, 0, 1, 0] }), RangeError);
});
