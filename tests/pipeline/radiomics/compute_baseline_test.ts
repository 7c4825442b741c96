import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { SpecError } from "../../../pipeline/errors.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { computeBaseline } from "../../../pipeline/radiomics/compute_baseline.ts";
import { extractRadiomics } from "../../../pipeline/radiomics/extract_radiomics.ts";
import { loadBaselineManifest, parseBaselineManifest } from "../../../pipeline/radiomics/manifest.ts";
import { petMarkers } from "../../../pipeline/radiomics/pet_markers.ts";
import { IBSI_DIR } from "./_ibsi_reference.ts";

const MANIFEST = fileURLToPath(new URL("../../../fixtures/radiomics/baseline_17.yaml", import.meta.url));

Deno.test("loadBaselineManifest() reads our 17-feature stand-in, labelled as ours", async () => {
  const m = await loadBaselineManifest(MANIFEST);
  assert.equal(m.features.length, 17);
  assert.match(m.label, /stand-in/);
  assert.equal(new Set(m.features.map((f) => f.name)).size, 17);
  assert.ok(m.features.some((f) => f.tag === "pet_tlg"));
});

Deno.test("computeBaseline() returns each manifest feature with the extractor's and petMarkers' values", async () => {
  const image = await readNifti(`${IBSI_DIR}digital_phantom/image.nii.gz`);
  const mask = await readNifti(`${IBSI_DIR}digital_phantom/mask.nii.gz`);
  const m = await loadBaselineManifest(MANIFEST);
  const values = computeBaseline({ ct: image, pet: image, mask }, m);
  assert.deepEqual(values.map((v) => v.name), m.features.map((f) => f.name));
  const ct = new Map(extractRadiomics(image, mask, m.settings.ct).map((r) => [r.tag, r.value]));
  const pet = new Map(extractRadiomics(image, mask, m.settings.pet).map((r) => [r.tag, r.value]));
  const markers = petMarkers(image, mask);
  for (const v of values) {
    const expected = v.tag === "pet_tlg"
      ? markers.tlg
      : v.tag === "pet_suv_peak"
      ? markers.suvPeak
      : v.tag.startsWith("pet_")
      ? undefined
      : (v.modality === "ct" ? ct : pet).get(v.tag);
    if (expected !== undefined) assert.equal(v.value, expected, v.name);
    assert.ok(Number.isFinite(v.value), v.name);
  }
});

Deno.test("parseBaselineManifest() rejects duplicate names and unknown PET markers", () => {
  const head = "name: x\nlabel: X\nsettings: {}\nfeatures:\n";
  assert.throws(
    () =>
      parseBaselineManifest(
        head + "  - {name: a, modality: ct, tag: stat_mean}\n  - {name: a, modality: ct, tag: stat_max}\n",
      ),
    SpecError,
  );
  assert.throws(
    () => parseBaselineManifest(head + "  - {name: a, modality: pet, tag: pet_suv_min}\n"),
    /not a PET marker/,
  );
});

Deno.test("computeBaseline() computes filtered features named in a manifest (a LoG / wavelet set)", async () => {
  const image = await readNifti(`${IBSI_DIR}digital_phantom/image.nii.gz`);
  const mask = await readNifti(`${IBSI_DIR}digital_phantom/mask.nii.gz`);
  const m = parseBaselineManifest(`name: filtered
label: LoG and wavelet set
settings:
  ct:
    discretisation: {texture: {bin_count: 6}}
    filter:
      - {name: log2mm, type: log, sigma_mm: 2, padding: nearest}
      - {name: wav, type: wavelet, wavelet: coif1, path: HLL, rotation_invariance: average}
features:
  - {name: log_mean, modality: ct, tag: log2mm_stat_mean}
  - {name: wav_entropy, modality: ct, tag: wav_ih_entropy}
  - {name: mean, modality: ct, tag: stat_mean}
`);
  const values = computeBaseline({ ct: image, mask }, m);
  const all = new Map(extractRadiomics(image, mask, m.settings.ct).map((r) => [r.tag, r.value]));
  assert.deepEqual(values.map((v) => v.value), [
    all.get("log2mm_stat_mean"),
    all.get("wav_ih_entropy"),
    all.get("stat_mean"),
  ]);
  assert.notEqual(values[0]!.value, values[2]!.value);
  const bad = parseBaselineManifest(
    `name: x\nlabel: X\nsettings: {}\nfeatures:\n  - {name: a, modality: ct, tag: log2mm_stat_mean}\n`,
  );
  assert.throws(() => computeBaseline({ ct: image, mask }, bad), /tag "log2mm_stat_mean" is not implemented/);
});
