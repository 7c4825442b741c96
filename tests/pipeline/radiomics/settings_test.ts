import assert from "node:assert/strict";
import { SpecError } from "../../../pipeline/errors.ts";
import { parseRadiomicsSettings } from "../../../pipeline/radiomics/settings.ts";

Deno.test("parseRadiomicsSettings() reads every documented key", () => {
  const s = parseRadiomicsSettings(`
dimensions: 3d
interpolation:
  spacing_mm: [2, 2, 2]
  image: cubic
  round_intensities: true
  mask: linear
  mask_threshold: 0.5
resegmentation:
  range: [-1000, 400]
  outlier_sigma: 3
discretisation:
  texture: {bin_size: 25}
  ivh: {bin_count: 1000}
distance: 2
`);
  assert.deepEqual(s, {
    dimensions: "3d",
    interpolation: { spacingMm: [2, 2, 2], image: "cubic", roundIntensities: true, mask: "linear", maskThreshold: 0.5 },
    resegmentation: { range: [-1000, 400], outlierSigma: 3 },
    discretisation: { texture: { binSize: 25 }, ivh: { binCount: 1000 } },
    distance: 2,
    convention: "ibsi",
    voxelArrayShift: 0,
    filters: [],
  });
});

Deno.test("parseRadiomicsSettings() names each invalid field", () => {
  const bad = "dimensions: 4d\ndiscretisation: {texture: {bin_width: 3}}\nresegmentation: {range: [400, -1000]}\n";
  assert.throws(() => parseRadiomicsSettings(bad, "s.yaml"), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.match(e.message, /s\.yaml dimensions/);
    assert.match(e.message, /discretisation\.texture/);
    return true;
  });
  assert.throws(() => parseRadiomicsSettings("resegmentation: {range: [400, -1000]}"), /must be increasing/);
});
