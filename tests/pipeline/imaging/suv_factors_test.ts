import assert from "node:assert/strict";
import { type PetSuvTags, suvFactors } from "../../../pipeline/imaging/suv_factors.ts";
import { DeepmarkerError } from "../../../pipeline/errors.ts";

const FIX = new URL("../../../fixtures/data/pet/", import.meta.url).pathname;
const CASES = JSON.parse(await Deno.readTextFile(`${FIX}expected_suv.json`)).calculate_suv_metadata;

for (const [name, want] of Object.entries<number>(CASES.expected_suvbw)) {
  Deno.test(`suvFactors() matches calculate-suv on the ${name} vendor headers within 1e-6`, async () => {
    const instances: PetSuvTags[] = JSON.parse(
      await Deno.readTextFile(`${FIX}calculate_suv_metadata/${name}-instances.json`),
    );
    const f = suvFactors(instances);
    assert.equal(f.length, instances.length);
    for (const x of f) assert.ok(Math.abs(x - want) < 1e-6, `${x} vs ${want}`);
  });
}

Deno.test("suvFactors() reproduces the upstream unit vectors (GML, Philips CNTS, BSA, Janmahasatian LBM)", () => {
  const vectors = CASES.synthetic_unit_vectors_upstream.filter((v: { input: PetSuvTags }) => v.input.Units);
  for (const v of vectors) {
    assert.ok(Math.abs(suvFactors([v.input])[0]! - v.expected.suvbw) < 1e-9);
    if (v.expected.suvbsa) {
      assert.ok(Math.abs(suvFactors([v.input], { method: "bsa" })[0]! - v.expected.suvbsa) < 1e-9);
      assert.ok(Math.abs(suvFactors([v.input], { method: "lbmJanmahasatian" })[0]! - v.expected.suvlbmJanma) < 1e-9);
    }
  }
});

Deno.test("suvFactors() uses James LBM (female coefficients match calculate-suv)", () => {
  const female = CASES.synthetic_unit_vectors_upstream.find((v: { input: PetSuvTags }) => v.input.PatientSex === "F");
  const base: PetSuvTags = {
    Units: "BQML",
    DecayCorrection: "ADMIN",
    CorrectedImage: ["ATTN", "DECY"],
    RadionuclideTotalDose: 1,
    RadionuclideHalfLife: 6588,
    SeriesDate: "20200101",
    SeriesTime: "100000",
    RadiopharmaceuticalStartTime: "090000",
  };
  const f = suvFactors([{ ...base, ...female.input }], { method: "lbm" })[0]!;
  assert.ok(Math.abs(f - female.expected.lbm_James_g) < 1e-6);
});

Deno.test("suvFactors() decays to the scan start for START and per acquisition time for NONE", () => {
  const base: PetSuvTags = {
    Units: "BQML",
    CorrectedImage: ["ATTN", "DECY"],
    RadionuclideTotalDose: 100,
    RadionuclideHalfLife: 600,
    PatientWeight: 1,
    SeriesDate: "20200101",
    SeriesTime: "101000",
    RadiopharmaceuticalStartTime: "100000",
  };
  assert.ok(Math.abs(suvFactors([{ ...base, DecayCorrection: "START" }])[0]! - 20) < 1e-9); // one half-life
  const none = suvFactors([
    { ...base, DecayCorrection: "NONE", CorrectedImage: ["ATTN"], AcquisitionTime: "101000" },
    { ...base, DecayCorrection: "NONE", CorrectedImage: ["ATTN"], AcquisitionTime: "102000" },
  ]);
  assert.ok(Math.abs(none[0]! - 20) < 1e-9 && Math.abs(none[1]! - 40) < 1e-9);
  assert.throws(
    () => suvFactors([{ ...base, DecayCorrection: "START", RadiopharmaceuticalStartTime: "103000" }]),
    DeepmarkerError,
  );
});

Deno.test("suvFactors() refuses an injection after the scan start with DecayCorrection ADMIN", () => {
  const admin: PetSuvTags = {
    Units: "BQML",
    CorrectedImage: ["ATTN", "DECY"],
    DecayCorrection: "ADMIN",
    RadionuclideTotalDose: 100,
    RadionuclideHalfLife: 600,
    PatientWeight: 1,
    SeriesDate: "20200101",
    SeriesTime: "101000",
    RadiopharmaceuticalStartTime: "100000",
  };
  assert.ok(Math.abs(suvFactors([admin])[0]! - 10) < 1e-9); // already at injection: no decay factor
  assert.throws(
    () => suvFactors([{ ...admin, RadiopharmaceuticalStartTime: "103000" }]),
    (e: unknown) => e instanceof DeepmarkerError && /injection time is 1200 s after the scan start/.test(e.message),
  );
});
