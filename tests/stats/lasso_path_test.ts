import assert from "node:assert/strict";
import { createRng, featureMatrix, type LassoPath, lassoPath } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson, referenceFeatures, referenceLabels } from "./_reference.ts";
import { fullPassLassoPath } from "./_full_pass_lasso.ts";

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

/** Same λ, same support at every step, coefficients and objective within tolerance. */
function assertSamePath(a: LassoPath, b: LassoPath, tol: number, what: string): void {
  assert.equal(a.steps.length, b.steps.length, `${what}: steps`);
  assert.equal(a.stopReason, b.stopReason, `${what}: stop reason`);
  assertClose(a.lambdaMax, b.lambdaMax, { rel: 1e-12 }, `${what}: lambdaMax`);
  a.steps.forEach((s, k) => {
    const r = b.steps[k]!;
    assertClose(s.lambda, r.lambda, { rel: 1e-12 }, `${what}: lambda ${k}`);
    assert.deepEqual([...s.index], [...r.index], `${what}: support at step ${k}`);
    s.betaStandardized.forEach((v, t) => assertClose(v, r.betaStandardized[t]!, { abs: tol }, `${what}: b ${k}/${t}`));
    assertClose(s.intercept, r.intercept, { abs: tol * 10 }, `${what}: intercept ${k}`);
    assertClose(s.objective, r.objective, { rel: 1e-12 }, `${what}: objective ${k}`);
  });
}

Deno.test("lassoPath() with safe gradient screening equals the full-pass path", async (t) => {
  const { matrix } = await referenceFeatures();
  const labels = await referenceLabels();
  const n = matrix.nRows;
  await t.step("default path, every endpoint", () => {
    for (const [name, y] of Object.entries(labels)) {
      assertSamePath(lassoPath(matrix, y), fullPassLassoPath(matrix, y), 1e-10, name);
    }
  });
  await t.step("bootstrap weights, stopped at 20 non-zeros (the inclusion fit)", () => {
    const rng = createRng(6, "screening");
    for (let b = 0; b < 6; b++) {
      const weights = new Float64Array(n);
      for (let k = 0; k < n; k++) weights[rng.int(n)]! += 1;
      const y = labels.os2y!;
      const o = { weights, maxNonzero: 19 };
      assertSamePath(lassoPath(matrix, y, o), fullPassLassoPath(matrix, y, o), 1e-10, `resample ${b}`);
    }
  });
  await t.step("a user λ sequence with a jump (the fixed-λ rule)", () => {
    const y = labels.dss5y!;
    const lambda = [0.2, 0.15, 0.12, 0.03];
    assertSamePath(lassoPath(matrix, y, { lambda }), fullPassLassoPath(matrix, y, { lambda }), 1e-10, "jump");
  });
});

Deno.test("lassoPath() ignores a non-finite value on a row left out by the weights", () => {
  const y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0];
  const good = [0.1, 0.5, 2.1, 0.3, 1.9, 2.2, 0.2, 1.4, 2.5, 0.9];
  const weights = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
  const path = lassoPath(featureMatrix([[...good.slice(0, 9), NaN]]), y, { weights, nLambda: 10 });
  const ref = lassoPath(featureMatrix([[...good.slice(0, 9), 0]]), y, { weights, nLambda: 10 });
  assert.deepEqual(path.excluded, []);
  assert.ok(path.steps.at(-1)!.index.length === 1);
  path.steps.forEach((s, k) => assertClose(s.objective, ref.steps[k]!.objective, { rel: 1e-12 }, `objective ${k}`));
});
