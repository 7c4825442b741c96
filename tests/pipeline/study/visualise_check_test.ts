import assert from "node:assert/strict";
import { checkTable } from "../../../pipeline/study/visualise_check.ts";
import { loadFixture } from "../../reports/_fixture.ts";

Deno.test("checkTable() prints one row per map with each check's verdict and the outcome signal", async () => {
  const checks = (await loadFixture()).saliencyChecks;
  const lines = checkTable(checks).split("\n");
  assert.match(lines[0]!, /^modality\s+patient\s+method\s+model\s+ρ\/SSIM rand\.\s+outcome/);
  const c = checks[0]!;
  const verdict = (pass: boolean) => (pass ? "pass" : "FLAG");
  const cells = lines[1]!.split(/\s{2,}/);
  assert.deepEqual(cells.slice(0, 4), [c.modality.toUpperCase(), c.patient, "guided backprop", verdict(c.model.pass)]);
  assert.equal(cells[5], verdict(c.outcome.pass));
  assert.equal(cells[7], verdict(c.deletion.pass));
  assert.match(checkTable(checks), new RegExp(`permutation p = ${c.outcome.signalP.toFixed(2)}`));
  assert.match(checkTable([{ ...c, empty: true }]).split("\n")[1]!, /empty map/);
});
