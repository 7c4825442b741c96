import assert from "node:assert/strict";
import { signatureOverlap } from "../../reports/signature_overlap.ts";

const sel = (endpoint: string, fs: string[]) =>
  fs.map((feature, i) => ({ endpoint, rank: i + 1, feature, probability: 1 }));

Deno.test("signatureOverlap() gives pairwise Jaccard statistics and the features every variant selected", () => {
  const out = signatureOverlap([
    [...sel("os2y", ["C1", "C2", "P3"]), ...sel("os5y", ["C9"])],
    [...sel("os2y", ["C2", "P3", "P4"]), ...sel("os5y", ["C9"])],
    [...sel("os2y", ["C2", "C7"])],
  ]);
  const os2y = out.find((o) => o.endpoint === "os2y")!;
  // pairs: {C1,C2,P3}·{C2,P3,P4} = 2/4; {C1,C2,P3}·{C2,C7} = 1/4; {C2,P3,P4}·{C2,C7} = 1/4
  assert.equal(os2y.meanJaccard, (0.5 + 0.25 + 0.25) / 3);
  assert.equal(os2y.minJaccard, 0.25);
  assert.deepEqual(os2y.inEvery, ["C2"]);
  const os5y = out.find((o) => o.endpoint === "os5y")!;
  assert.deepEqual(os5y.inEvery, []);
  assert.equal(os5y.minJaccard, 0);
  assert.ok(Number.isNaN(signatureOverlap([sel("os2y", ["C1"])])[0]!.meanJaccard));
});
