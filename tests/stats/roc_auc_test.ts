import assert from "node:assert/strict";
import { mannWhitney, rocAuc } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson } from "./_reference.ts";

type Ref = Record<
  string,
  { auc: number; var_delong: number; ci95_delong: number[]; wilcox_W: number; wilcox_p: number }
>;

Deno.test("rocAuc() matches pROC auc, DeLong variance and interval", async () => {
  const csv = await readCsv("data/scores.csv");
  const ref = await readJson<Ref>("expected/roc_score_pROC.json");
  const y = numbers(csv, "label");
  for (const name of ["score", "score_tied"]) {
    const r = rocAuc(y, numbers(csv, name));
    const e = ref[name]!;
    assertClose(r.estimate, e.auc, { abs: 1e-12 }, "auc");
    assert.equal(r.u, e.wilcox_W);
    assertClose(r.variance, e.var_delong, { rel: 1e-9 }, "var");
    assertClose(r.ci[0], e.ci95_delong[0]!, { abs: 1e-9 }, "lo");
    assertClose(r.ci[1], e.ci95_delong[1]!, { abs: 1e-9 }, "hi");
    const cases = numbers(csv, name).filter((_, i) => y[i] === 1);
    const controls = numbers(csv, name).filter((_, i) => y[i] === 0);
    const mw = mannWhitney(cases, controls);
    assert.equal(mw.statistic, e.wilcox_W);
    assertClose(mw.pValue, e.wilcox_p, { rel: 1e-6 }, "mw p");
  }
});

Deno.test("rocAuc() handles edge cases", async (t) => {
  await t.step("a single class throws", () => assert.throws(() => rocAuc([1, 1, 1], [1, 2, 3]), RangeError));
  await t.step("NaN labels are excluded", () => {
    assert.equal(rocAuc([0, NaN, 1], [1, 99, 2]).estimate, 1);
  });
  await t.step("one subject per class gives NaN variance", () => {
    const r = rocAuc([0, 1], [1, 2]);
    assert.equal(r.estimate, 1);
    assert.ok(Number.isNaN(r.variance));
  });
  await t.step("all-tied scores give 0.5", () => assert.equal(rocAuc([0, 1, 0, 1], [3, 3, 3, 3]).estimate, 0.5));
  await t.step("NaN score throws", () => assert.throws(() => rocAuc([0, 1], [NaN, 1]), RangeError));
});
