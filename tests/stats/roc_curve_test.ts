import assert from "node:assert/strict";
import { rocCurve } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv } from "./_reference.ts";

Deno.test("rocCurve() gives the same points as pROC coords and sklearn roc_curve", async () => {
  const csv = await readCsv("data/scores.csv");
  const y = numbers(csv, "label");
  for (const [name, file] of [["score", ""], ["score_tied", "_tied"]] as const) {
    const c = rocCurve(y, numbers(csv, name));
    const sk = await readCsv(`expected/roc_curve_sklearn_score${file}.csv`);
    const fpr = numbers(sk, "fpr");
    const tpr = numbers(sk, "tpr");
    assert.equal(c.fpr.length, fpr.length);
    for (let k = 0; k < fpr.length; k++) {
      assertClose(c.fpr[k]!, fpr[k]!, { abs: 1e-12 }, "fpr");
      assertClose(c.tpr[k]!, tpr[k]!, { abs: 1e-12 }, "tpr");
    }
    const pr = await readCsv(`expected/roc_points_pROC_score${file}.csv`);
    const key = (a: number, b: number) => `${a.toFixed(12)}|${b.toFixed(12)}`;
    const ours = new Set([...c.fpr].map((f, k) => key(f, c.tpr[k]!)));
    const spec = numbers(pr, "specificity");
    const sens = numbers(pr, "sensitivity");
    const theirs = new Set(spec.map((s, k) => key(1 - s, sens[k]!)));
    assert.deepEqual([...ours].sort(), [...theirs].sort());
  }
});
