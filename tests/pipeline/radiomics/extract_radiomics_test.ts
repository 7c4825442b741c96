import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { extractRadiomics } from "../../../pipeline/radiomics/extract_radiomics.ts";
import { loadRadiomicsSettings, radiomicsSettings } from "../../../pipeline/radiomics/settings.ts";
import { compareWithReference, IBSI_DIR, readIbsiReference } from "./_ibsi_reference.ts";

const SETTINGS_DIR = fileURLToPath(new URL("../../../fixtures/radiomics/", import.meta.url));

function report(label: string, result: ReturnType<typeof compareWithReference>): void {
  // The coverage line is the point of this test's output.
  // deno-lint-ignore no-console
  console.log(result.line);
  assert.deepEqual(result.failures, [], `${label}: implemented features out of tolerance`);
}

Deno.test("extractRadiomics() matches every IBSI digital phantom reference it implements (2D, 2.5D, 3D)", async () => {
  const image = await readNifti(`${IBSI_DIR}digital_phantom/image.nii.gz`);
  const mask = await readNifti(`${IBSI_DIR}digital_phantom/mask.nii.gz`);
  const got = new Map<string, number>();
  for (const dimensions of ["3d", "2d"] as const) {
    for (const r of extractRadiomics(image, mask, radiomicsSettings({ dimensions }))) got.set(r.tag, r.value);
  }
  const result = compareWithReference(
    "digital phantom",
    got,
    await readIbsiReference(
      "ibsi_1_reference_values_digital_phantom.csv",
    ),
  );
  report("digital phantom", result);
  assert.ok(result.uncovered.length <= 2, "coverage regressed");
});

for (const config of ["A", "B", "C", "D", "E"]) {
  Deno.test(`extractRadiomics() matches IBSI PAT1 configuration ${config} including diagnostics`, async () => {
    const image = await readNifti(`${IBSI_DIR}pat1/image.nii.gz`);
    const mask = await readNifti(`${IBSI_DIR}pat1/mask.nii.gz`);
    const settings = await loadRadiomicsSettings(`${SETTINGS_DIR}ibsi_config_${config.toLowerCase()}.yaml`);
    const got = new Map(extractRadiomics(image, mask, settings).map((r) => [r.tag, r.value]));
    const refs = await readIbsiReference(`ibsi_1_reference_values_config_${config}.csv`);
    const result = compareWithReference(`PAT1 configuration ${config}`, got, refs);
    report(`configuration ${config}`, result);
    assert.ok(refs.some((r) => r.tag === "int_mask_vox_count_reseg_roi" && got.has(r.tag)), "diagnostics missing");
    assert.ok(result.uncovered.length <= 4, "coverage regressed");
  });
}

Deno.test("extractRadiomics() computes intensity and histogram features on each filter's response in the ROI", () => {
  const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
  const data = Float32Array.from({ length: 6 ** 3 }, (_, p) => (p * 37) % 11);
  const image = { data, dims: [6, 6, 6] as const, affine };
  const mask = {
    data: Uint8Array.from({ length: 6 ** 3 }, (_, p) => (p % 6 > 1 && p % 6 < 5 ? 1 : 0)),
    dims: [6, 6, 6] as const,
    affine,
  };
  const settings = radiomicsSettings({
    discretisation: { texture: { bin_count: 8 } },
    filter: [{ name: "same", type: "mean", support: 1, discretisation: { bin_count: 8 } }, {
      name: "smooth",
      type: "mean",
      support: 3,
    }],
  });
  const got = new Map(
    extractRadiomics(image, mask, settings, { families: ["stat", "ih", "filter"] }).map((r) => [r.tag, r.value]),
  );
  // A support-1 mean filter is the identity: its features equal the unfiltered ones.
  for (const tag of ["stat_mean", "stat_kurt", "stat_p90", "ih_entropy", "ih_mode"]) {
    assert.equal(got.get(`same_${tag}`), got.get(tag), tag);
  }
  assert.ok(got.get("smooth_stat_var")! < got.get("stat_var")!, "smoothing lowers the variance in the ROI");
  assert.ok(got.has("smooth_ih_entropy"));
  assert.throws(() => radiomicsSettings({ filter: { name: "stat", type: "mean", support: 3 } }), /feature family/);
});
