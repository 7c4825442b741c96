import assert from "node:assert/strict";
import { delongTest } from "../../../../stats/mod.ts";
import { pairedDelong, type SplitPredictions } from "../../../../pipeline/study/stages/_paired_auc.ts";

const fold = (split: number, patients: string[], scores: number[]): SplitPredictions => ({
  split,
  patients,
  labels: patients.map((p) => Number(p.endsWith("+"))),
  scores,
});

Deno.test("pairedDelong() pairs by patient per fold and pools the folds", () => {
  const a = [fold(0, ["A+", "B-", "C+", "D-"], [0.9, 0.2, 0.6, 0.4]), fold(1, ["E+", "F-", "G-"], [0.7, 0.8, 0.1])];
  const b = [fold(1, ["G-", "E+", "F-"], [0.3, 0.5, 0.6]), fold(0, ["D-", "C+", "B-", "A+"], [0.5, 0.4, 0.3, 0.8])];
  const rows = pairedDelong(a, b, "a with b");
  assert.deepEqual(rows.map((r) => r.split), ["0", "1", "pooled"]);
  const pooled = delongTest([1, 0, 1, 0, 1, 0, 0], [[0.9, 0.2, 0.6, 0.4, 0.7, 0.8, 0.1], [
    0.8,
    0.3,
    0.4,
    0.5,
    0.5,
    0.6,
    0.3,
  ]]);
  assert.equal(rows[2]!.p, pooled.pValue);
  assert.equal(rows[2]!.difference, pooled.difference);
  assert.ok(rows[2]!.lower < rows[2]!.difference && rows[2]!.difference < rows[2]!.upper);
});

Deno.test("pairedDelong() refuses models tested on different patients or different splits", () => {
  const a = [fold(0, ["A+", "B-"], [0.9, 0.2])];
  assert.throws(() => pairedDelong(a, [fold(0, ["A+", "C-"], [0.9, 0.2])], "x"), /split 0 has different test patients/);
  assert.throws(() => pairedDelong(a, [fold(1, ["A+", "B-"], [0.9, 0.2])], "x"), /different test patients/);
  assert.throws(() => pairedDelong(a, [...a, fold(1, ["C+"], [0.5])], "x"), /different splits/);
});
