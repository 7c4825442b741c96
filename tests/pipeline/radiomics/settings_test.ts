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
input:
  volume: 1
  mask_resampling: partial_volume
  min_mask_overlap: 0.5
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
    input: { volume: 1, maskResampling: "partial_volume", minMaskOverlap: 0.5 },
  });
  assert.deepEqual(parseRadiomicsSettings("dimensions: 3d").input, { maskResampling: "nearest", minMaskOverlap: 0.9 });
});

Deno.test("parseRadiomicsSettings() names each invalid field", () => {
  const bad = "dimensions: 4d\ndiscretisation: {texture: {bin_width: 3}}\nresegmentation: {range: [400, -1000]}\n";
  assert.throws(() => parseRadiomicsSettings(bad, "s.yaml"), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.match(e.message, /key "dimensions": Invalid option: expected one of "2d"\|"3d", got "4d"/);
    assert.match(e.message, /unknown key "discretisation\.texture\.bin_width"/);
    assert.deepEqual(e.issues.map((i) => i.slice(0, 8)), ["s.yaml: ", "s.yaml: ", "s.yaml: "]);
    return true;
  });
  assert.throws(() => parseRadiomicsSettings("resegmentation: {range: [400, -1000]}"), /must be increasing/);
});

Deno.test("parseRadiomicsSettings() names a misspelt key with its path and the closest valid key", () => {
  for (
    const [yaml, want] of [
      ["dimension: 3d", /unknown key "dimension" \(did you mean "dimensions"\?\)/],
      [
        "discretisation: {texture: {bin_sise: 25}}",
        /unknown key "discretisation\.texture\.bin_sise" \(did you mean "bin_size"\?\)/,
      ],
      [
        "interpolation: {spacing_mm: [1, 1, 1], imag: linear}",
        /unknown key "interpolation\.imag" \(did you mean "image"\?\)/,
      ],
      ["input: {volumes: 1}", /unknown key "input\.volumes" \(did you mean "volume"\?\)/],
      ["resegmentation: {range: [1, x]}", /key "resegmentation\.range\.1": must be a number, \.inf or -\.inf, got "x"/],
      [
        "discretisation: {ivh: {bin_size: 1, bin_count: 9}}",
        /key "discretisation\.ivh": give exactly one of bin_size and bin_count/,
      ],
    ] as const
  ) {
    assert.throws(() => parseRadiomicsSettings(yaml, "s.yaml"), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.match(e.message, /^Cannot read radiomics settings "s\.yaml": /);
      assert.match(e.message, want);
      assert.doesNotMatch(e.message, /Invalid input/);
      return true;
    }, yaml);
  }
});
