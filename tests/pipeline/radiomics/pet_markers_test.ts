import assert from "node:assert/strict";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { spacingOf } from "../../../pipeline/imaging/volume.ts";
import { petMarkers } from "../../../pipeline/radiomics/pet_markers.ts";
import { IBSI_DIR, readIbsiReference, withinTolerance } from "./_ibsi_reference.ts";

Deno.test("petMarkers() on the IBSI phantom matches IBSI stat_max, stat_mean, loc_peak_loc and voxel volume", async () => {
  const pet = await readNifti(`${IBSI_DIR}digital_phantom/image.nii.gz`);
  const mask = await readNifti(`${IBSI_DIR}digital_phantom/mask.nii.gz`);
  const refs = new Map(
    (await readIbsiReference("ibsi_1_reference_values_digital_phantom.csv")).map((r) => [r.tag, r]),
  );
  const m = petMarkers(pet, mask);
  assert.ok(withinTolerance(m.suvMax, refs.get("stat_max")!));
  assert.ok(withinTolerance(m.suvMean, refs.get("stat_mean")!));
  assert.ok(withinTolerance(m.suvPeak, refs.get("loc_peak_loc")!), `SUVpeak ${m.suvPeak}`);
  assert.ok(withinTolerance(m.mtvMl * 1000, refs.get("morph_vol_approx")!));
  assert.ok(Math.abs(m.tlg - m.mtvMl * m.suvMean) < 1e-12);
});

Deno.test("petMarkers() threshold MTV keeps the voxels at or above the fraction of SUVmax", async () => {
  const pet = await readNifti(`${IBSI_DIR}digital_phantom/image.nii.gz`);
  const mask = await readNifti(`${IBSI_DIR}digital_phantom/mask.nii.gz`);
  const m = petMarkers(pet, mask, { thresholdFraction: 0.5 });
  const [sx, sy, sz] = spacingOf(pet);
  let n = 0;
  let s = 0;
  for (let p = 0; p < pet.data.length; p++) if (mask.data[p] && pet.data[p]! >= 0.5 * m.suvMax) n++, s += pet.data[p]!;
  assert.ok(n > 0 && n < 74);
  assert.equal(m.thresholdMtvMl, n * sx * sy * sz / 1000);
  assert.ok(Math.abs(m.thresholdTlg! - (n * sx * sy * sz / 1000) * (s / n)) < 1e-9);
});

Deno.test("petMarkers() rejects an empty contour and mismatched grids", () => {
  const affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const pet = { data: new Float32Array(8), dims: [2, 2, 2] as const, affine };
  assert.throws(() => petMarkers(pet, { data: new Uint8Array(8), dims: [2, 2, 2], affine }), /contour is empty/);
  assert.throws(() => petMarkers(pet, { data: new Uint8Array(4), dims: [2, 2, 1], affine }), /differs from PET grid/);
});

// Raw FDG-PET: the 35 slices of the MIRP sts_001 series that hold GTV_Mass (fixtures/data/pet, with its
// README and licence). Expected values: fixtures/data/pet/expected_suv.json (GTV_Mass 5095 voxels,
// SUVbw max 7.910674581152239).
const PET_DIR = new URL("../../../fixtures/data/pet/sts_001_fdg_pet/", import.meta.url).pathname;

Deno.test({
  name: "petMarkers() on raw FDG-PET GTV_Mass matches the SUVbw reference and TLG = MTV × SUVmean",
  fn: async () => {
    const { readDicomPet } = await import("../../../pipeline/imaging/read_dicom_pet.ts");
    const { readRtstruct } = await import("../../../pipeline/imaging/read_rtstruct.ts");
    const expected = JSON.parse(await Deno.readTextFile(`${PET_DIR}../expected_suv.json`)).mirp_sts_001_raw_fdg_pet
      .computed_here_roi_stats;
    const pet = await readDicomPet(`${PET_DIR}image`);
    const mask = await readRtstruct(`${PET_DIR}mask/1-1.dcm`, pet, { roi: "GTV_Mass" });
    const m = petMarkers(pet.volume, mask, { thresholdFraction: 0.4 });
    const [sx, sy, sz] = spacingOf(pet.volume);
    assert.ok(Math.abs(m.suvMax - expected.SUVbw.max) < 1e-5);
    assert.ok(Math.abs(m.mtvMl - expected.voxels * sx * sy * sz / 1000) < 1e-9);
    assert.ok(Math.abs(m.tlg - m.mtvMl * m.suvMean) < 1e-9);
    assert.ok(m.suvPeak < m.suvMax && m.suvPeak > m.suvMean);
    assert.ok(m.thresholdMtvMl! < m.mtvMl);
  },
});
