import assert from "node:assert/strict";
import { petSuvTags, readDicomPet } from "../../../pipeline/imaging/read_dicom_pet.ts";
import { readRtstruct } from "../../../pipeline/imaging/read_rtstruct.ts";
import { suvFactors } from "../../../pipeline/imaging/suv_factors.ts";

const FIX = new URL("../../../fixtures/data/pet/", import.meta.url).pathname;
const EXPECTED = JSON.parse(await Deno.readTextFile(`${FIX}expected_suv.json`)).mirp_sts_001_raw_fdg_pet;

Deno.test("readDicomPet() converts the raw GE FDG-PET to SUVbw as QIBA, GTV_Mass max and min as expected", async () => {
  const pet = await readDicomPet(`${FIX}sts_001_fdg_pet/image`);
  const want = EXPECTED.computed_here_QIBA.SUVbw_scale_factor_g_per_Bq;
  const factors = suvFactors(pet.instances.map(petSuvTags));
  for (const f of factors) assert.ok(Math.abs(f - want) / want < 1e-9, `factor ${f}`);
  const mask = await readRtstruct(`${FIX}sts_001_fdg_pet/mask/1-1.dcm`, pet, { roi: "GTV_Mass" });
  let n = 0;
  let max = -Infinity;
  let min = Infinity;
  mask.data.forEach((m, i) => {
    if (!m) return;
    n++, max = Math.max(max, pet.volume.data[i]!), min = Math.min(min, pet.volume.data[i]!);
  });
  const roi = EXPECTED.computed_here_roi_stats;
  assert.equal(n, roi.voxels);
  assert.ok(Math.abs(max - roi.SUVbw.max) < 1e-5, `max ${max}`); // float32 voxels
  assert.ok(Math.abs(min - roi.SUVbw.min) < 1e-5, `min ${min}`);
});
