import assert from "node:assert/strict";
import { featureMatrix, logisticRegression } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson, referenceFeatures, referenceLabels } from "./_reference.ts";

Deno.test("logisticRegression() matches R glm on 5 unscaled features", async () => {
  const { matrix, names } = await referenceFeatures();
  const y = (await referenceLabels()).os2y!;
  const ref = await readJson<{ features: string[]; deviance: number; null_deviance: number; vcov_rowmajor: number[] }>(
    "expected/glm_os2y_5feat.json",
  );
  const csv = await readCsv("expected/glm_os2y_5feat.csv");
  const cols = ref.features.map((f) => {
    const j = names.indexOf(f);
    return matrix.data.slice(j * matrix.nRows, (j + 1) * matrix.nRows);
  });
  const fit = logisticRegression(featureMatrix(cols), y);
  assert.equal(fit.ridge, 0);
  const est = numbers(csv, "estimate");
  const se = numbers(csv, "std_error");
  const z = numbers(csv, "z");
  const p = numbers(csv, "p_wald");
  for (let a = 0; a < 6; a++) {
    assertClose(fit.coefficients[a]!, est[a]!, { rel: 1e-6 }, `coef ${a}`);
    assertClose(fit.standardError[a]!, se[a]!, { rel: 1e-6 }, `se ${a}`);
    assertClose(fit.statistic[a]!, z[a]!, { rel: 1e-6 }, `z ${a}`);
    assertClose(fit.pValue[a]!, p[a]!, { rel: 1e-6 }, `p ${a}`);
  }
  assertClose(fit.deviance, ref.deviance, { rel: 1e-9 }, "deviance");
  assertClose(fit.nullDeviance, ref.null_deviance, { rel: 1e-9 }, "null deviance");
  ref.vcov_rowmajor.forEach((v, i) => assertClose(fit.covariance[i]!, v, { rel: 1e-5, abs: 1e-14 }, `vcov ${i}`));
});

Deno.test("logisticRegression() flags separation and collinearity with a ridge", async (t) => {
  await t.step("complete separation", () => {
    const r = logisticRegression(featureMatrix([[1, 2, 3, 4, 5, 6]]), [0, 0, 0, 1, 1, 1]);
    assert.ok(r.ridge > 0);
    assert.ok(Number.isNaN(r.standardError[1]!));
    assert.ok(r.coefficients[1]! > 0);
  });
  await t.step("duplicate columns", () => {
    const x = [1, 3, 2, 5, 4, 6, 2, 5];
    const r = logisticRegression(featureMatrix([x, x]), [0, 1, 0, 1, 0, 1, 1, 0]);
    assert.ok(r.ridge > 0);
    assertClose(r.coefficients[1]!, r.coefficients[2]!, { rel: 1e-6 }, "symmetric");
  });
  await t.step("frequency weights equal duplicated rows", () => {
    const x = [1, 3, 2, 5, 4, 6, 2, 5];
    const y = [0, 1, 0, 1, 0, 0, 1, 1];
    const a = logisticRegression(featureMatrix([x]), y, { weights: [2, 1, 1, 1, 1, 1, 1, 1] });
    const b = logisticRegression(featureMatrix([[1, ...x]]), [0, ...y]);
    assertClose(a.coefficients[1]!, b.coefficients[1]!, { rel: 1e-9 }, "coef");
    assertClose(a.standardError[1]!, b.standardError[1]!, { rel: 1e-9 }, "se");
  });
});

Deno.test("logisticRegression() falls back to the ridge when columns are collinear", () => {
  const x = [0.1, 0.5, -0.3, 1.2, -0.8, 0.4, -1.1, 0.9, 0.0, -0.2];
  const y = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0];
  const twice = x.map((v) => 2 * v);
  const fit = logisticRegression(featureMatrix([x, twice]), y);
  assert.ok(fit.ridge > 0);
  assert.ok([...fit.coefficients].every(Number.isFinite));
});
