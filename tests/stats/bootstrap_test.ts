import assert from "node:assert/strict";
import { bootstrap, createRng, rocAuc } from "../../stats/mod.ts";
import { numbers, readCsv } from "./_reference.ts";

Deno.test("bootstrap() AUC interval is close to DeLong's and reproducible", async () => {
  const csv = await readCsv("data/scores.csv");
  const y = numbers(csv, "label");
  const s = numbers(csv, "score");
  const stat = (w: Float64Array) => {
    const yy: number[] = [];
    const ss: number[] = [];
    w.forEach((c, i) => {
      for (let k = 0; k < c; k++) {
        yy.push(y[i]!);
        ss.push(s[i]!);
      }
    });
    return yy.includes(0) && yy.includes(1) ? rocAuc(yy, ss).estimate : NaN;
  };
  const a = bootstrap(stat, { n: y.length, rng: createRng(1, "auc"), resamples: 400 });
  const b = bootstrap(stat, { n: y.length, rng: createRng(1, "auc"), resamples: 400 });
  assert.deepEqual(a.values, b.values);
  const d = rocAuc(y, s);
  assert.ok(Math.abs(a.lower[0]! - d.ci[0]) < 0.03 && Math.abs(a.upper[0]! - d.ci[1]) < 0.03);
});

Deno.test("bootstrap() counts NaN resamples as skipped and validates options", () => {
  const r = bootstrap((_, b) => [b % 2 === 0 ? NaN : 1, 2], { n: 3, rng: createRng(2), resamples: 10 });
  assert.deepEqual([...r.skipped], [5, 0]);
  assert.deepEqual([...r.mean], [1, 2]);
  assert.throws(() => bootstrap(() => 1, { n: 0, rng: createRng(2) }), RangeError);
});
