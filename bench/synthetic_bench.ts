/**
 * Synthetic cohort generation speed, per paper-geometry patient (×100 for the 100-patient
 * figure). Baseline: writing one patient's three NIfTI files (already synthesised), which is the
 * floor any generator pays.
 *
 * Run: `deno bench -A bench/synthetic_bench.ts`
 *
 * @module
 */
import { writeNifti } from "../pipeline/imaging/write_nifti.ts";
import { syntheticGeometry } from "../fixtures/synthetic/geometry.ts";
import { planCohort } from "../fixtures/synthetic/plan_cohort.ts";
import { synthesizePatient } from "../fixtures/synthetic/synthesize_patient.ts";
import { generateSyntheticCohort } from "../fixtures/synthetic_cohort.ts";

const geometry = syntheticGeometry("paper");
const plan = planCohort({ patients: 8, seed: 1 });
const ready = synthesizePatient(plan.patients[0]!, geometry);
const dir = await Deno.makeTempDir();
let next = 0;

async function writeFiles(images: typeof ready, sub: string) {
  await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
  await writeNifti(`${dir}/${sub}/ct.nii.gz`, images.ct, { datatype: "int16" });
  await writeNifti(`${dir}/${sub}/pet.nii.gz`, images.pet, { datatype: "float32" });
  await writeNifti(`${dir}/${sub}/mask.nii.gz`, images.mask, { datatype: "uint8" });
}

Deno.bench(
  "write one patient's NIfTI files (paper)",
  { group: "paper patient", baseline: true, n: 8, warmup: 1 },
  async () => {
    await writeFiles(ready, "baseline");
  },
);

Deno.bench("synthesise one patient in memory (paper)", { group: "paper patient", n: 8, warmup: 1 }, () => {
  synthesizePatient(plan.patients[next++ % plan.patients.length]!, geometry);
});

Deno.bench("synthesise and write one patient (paper)", { group: "paper patient", n: 8, warmup: 1 }, async () => {
  await writeFiles(synthesizePatient(plan.patients[next++ % plan.patients.length]!, geometry), "full");
});

Deno.bench("generate a 10-patient demo cohort", { group: "demo cohort", n: 3, warmup: 1 }, async () => {
  await generateSyntheticCohort(`${dir}/demo`, { patients: 10, seed: 2 });
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
