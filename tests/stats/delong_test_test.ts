import assert from "node:assert/strict";
import { delongTest, rocAuc } from "../../stats/mod.ts";
import { numbers, readCsv } from "./_reference.ts";

Deno.test("delongTest() is zero for identical scores and consistent with rocAuc variances", async () => {
  const csv = await readCsv("data/scores.csv");
  const y = numbers(csv, "label");
  const s = numbers(csv, "score");
  const st = numbers(csv, "score_tied");
  const same = delongTest(y, [s, s]);
  assert.equal(same.difference, 0);
  assert.ok(Number.isNaN(same.pValue));
  // with an independent-looking second score the variance of the difference must lie between
  // |sd_a − sd_b|² and (sd_a + sd_b)² (Cauchy–Schwarz on the placement covariances)
  const r = delongTest(y, [s, st]);
  const va = rocAuc(y, s).variance;
  const vb = rocAuc(y, st).variance;
  const vd = (r.difference / r.statistic) ** 2;
  assert.ok(vd >= (Math.sqrt(va) - Math.sqrt(vb)) ** 2 - 1e-15 && vd <= (Math.sqrt(va) + Math.sqrt(vb)) ** 2);
  assert.equal(r.estimate[0], rocAuc(y, s).estimate);
  assert.ok(r.pValue > 0 && r.pValue <= 1);
  // reversing the pair flips the sign, not the p-value
  const back = delongTest(y, [st, s]);
  assert.equal(back.statistic, -r.statistic);
  assert.equal(back.pValue, r.pValue);
});
