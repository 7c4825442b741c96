import assert from "node:assert/strict";
import { benjaminiHochberg, featureMatrix, screenFeatures } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson, referenceFeatures, referenceLabels } from "./_reference.ts";

const ENDPOINTS = ["os2y", "os5y", "dss2y", "dss5y"];

Deno.test("screenFeatures() matches scipy ttest_ind and BH on 3000 features × 4 endpoints", async () => {
  const { matrix } = await referenceFeatures();
  const labels = await referenceLabels();
  const ref = await readCsv("expected/ttest_main.csv.gz");
  const col = Object.fromEntries(ref.header.map((h) => [h, numbers(ref, h)]));
  const endpoint = ref.rows.map((r) => r[1]!);
  const bh = await readJson<Record<string, Record<string, Record<string, Record<string, number>>>>>(
    "expected/bh_summary.json",
  );
  for (const [e, ep] of ENDPOINTS.entries()) {
    const welch = screenFeatures(matrix, labels[ep]!);
    const student = screenFeatures(matrix, labels[ep]!, { test: "student" });
    const qw = benjaminiHochberg(welch.pValue);
    const qs = benjaminiHochberg(student.pValue);
    for (let j = 0; j < matrix.nCols; j++) {
      const r = e * matrix.nCols + j;
      assert.equal(endpoint[r], ep);
      const at = (k: string) => col[k]![r]!;
      assertClose(welch.mean1[j]!, at("mean1"), { rel: 1e-12 }, `mean1 ${j}`);
      assertClose(welch.variance0[j]!, at("var0"), { rel: 1e-12 }, `var0 ${j}`);
      assertClose(welch.statistic[j]!, at("t_welch"), { abs: 1e-8, rel: 1e-9 }, `t ${j}`);
      assertClose(welch.df[j]!, at("df_welch"), { rel: 1e-10 }, `df ${j}`);
      assertClose(welch.pValue[j]!, at("p_welch"), { rel: 1e-6 }, `p ${j}`);
      assertClose(qw[j]!, at("q_bh_welch"), { rel: 1e-6 }, `q ${j}`);
      assertClose(student.statistic[j]!, at("t_student"), { abs: 1e-8, rel: 1e-9 }, `ts ${j}`);
      assertClose(student.pValue[j]!, at("p_student"), { rel: 1e-6 }, `ps ${j}`);
      assertClose(qs[j]!, at("q_bh_student"), { rel: 1e-6 }, `qs ${j}`);
    }
    for (const [name, q] of [["welch", qw], ["student", qs]] as const) {
      const count = (cut: number) => q.filter((v) => v < cut).length;
      assert.equal(count(0.05), bh.main![ep]![name]!["n_q_lt_0.05"]);
      assert.equal(count(0.10), bh.main![ep]![name]!["n_q_lt_0.10"]);
    }
  }
});

Deno.test("screenFeatures() reports constant and non-finite features instead of throwing", () => {
  const m = featureMatrix([[1, 2, 3, 4, 5, 6], [7, 7, 7, 7, 7, 7], [1, NaN, 3, 4, 5, 6], [1, 2, Infinity, 4, 5, 9]]);
  for (const test of ["welch", "student", "mann-whitney"] as const) {
    const r = screenFeatures(m, [0, 0, 0, 1, 1, 1], { test });
    assert.deepEqual(r.degenerate, [1]);
    assert.deepEqual(r.nonFinite, [2, 3]);
    assert.ok(Number.isNaN(r.pValue[1]!) && Number.isNaN(r.pValue[2]!));
    assert.ok(r.pValue[0]! > 0 && r.pValue[0]! < 0.2);
  }
  // a NaN *label* excludes the row: feature 2's NaN sits in row 1, which is then not used
  const r = screenFeatures(m, [0, NaN, 0, 0, 1, 1]);
  assert.deepEqual(r.nonFinite, [3]);
  assert.equal(r.nEvent + r.nNoEvent, 5);
});

Deno.test("screenFeatures() rejects single-class and mismatched labels", () => {
  const m = featureMatrix([[1, 2, 3, 4]]);
  assert.throws(() => screenFeatures(m, [1, 1, 1, 1]), RangeError);
  assert.throws(() => screenFeatures(m, [0, 1, 1]), RangeError);
  assert.throws(() => screenFeatures(m, [0, 1, 2, 1]), RangeError);
  assert.throws(() => screenFeatures(m, [0, 0, 0, 1]), RangeError);
});
