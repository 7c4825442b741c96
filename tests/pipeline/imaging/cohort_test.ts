import assert from "node:assert/strict";
import { loadCohort } from "../../../pipeline/imaging/cohort.ts";
import { checkCohort } from "../../../pipeline/imaging/check_cohort.ts";
import { loadPatientImages } from "../../../pipeline/imaging/load_patient_images.ts";
import { exportCohort } from "../../../pipeline/imaging/export_cohort.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { writeNifti } from "../../../pipeline/imaging/write_nifti.ts";
import { CohortError } from "../../../pipeline/errors.ts";
import { FIX, withTemp } from "./_fixtures.ts";

const HEADER = "patient_id,ct,pet,mask,mask_roi,os_months,os_event,dss_event,age,stage";

/** P1: DICOM CT + RTSTRUCT, P2: NIfTI CT + NIfTI label mask; both with a synthetic NIfTI PET (SUV). */
async function makeCohort(dir: string, rows: string[]) {
  await Deno.symlink(`${FIX}pat1/dicom/image`, `${dir}/p1_ct`);
  await Deno.symlink(`${FIX}pat1/dicom/mask/DCM_RS_00060.dcm`, `${dir}/p1_rtstruct.dcm`);
  await Deno.symlink(`${FIX}pat1/nifti/image/phantom.nii.gz`, `${dir}/p2_ct.nii.gz`);
  await Deno.symlink(`${FIX}pat1/nifti/mask/mask.nii.gz`, `${dir}/p2_mask.nii.gz`);
  const ct = await readNifti(`${FIX}pat1/nifti/image/phantom.nii.gz`);
  const pet = { ...ct, data: Float32Array.from(ct.data, (x) => Math.max(0, (x + 1000) / 400)) };
  await writeNifti(`${dir}/pet.nii.gz`, pet);
  await Deno.writeTextFile(`${dir}/cohort.csv`, [HEADER, ...rows].join("\n") + "\n");
}

const GOOD = [
  "P1,p1_ct,pet.nii.gz,p1_rtstruct.dcm,GTV-1,12.5,1,1,64,IIIA",
  '"P2",p2_ct.nii.gz,pet.nii.gz,p2_mask.nii.gz,,30,0,0,,"II, b"',
];

Deno.test("loadCohort() types patients and clinical values; loadPatientImages() reads DICOM+RTSTRUCT and NIfTI alike", async () => {
  await withTemp(async (dir) => {
    await makeCohort(dir, GOOD);
    const cohort = await loadCohort(dir);
    assert.deepEqual(cohort.patients.map((p) => [p.id, p.ctKind, p.maskKind, p.osMonths, p.osEvent, p.dssEvent]), [
      ["P1", "dicom", "rtstruct", 12.5, 1, 1],
      ["P2", "nifti", "nifti", 30, 0, 0],
    ]);
    assert.deepEqual(cohort.patients.map((p) => p.covariates), [{ age: 64, stage: "IIIA" }, {
      age: null,
      stage: "II, b",
    }]);
    assert.deepEqual(await checkCohort(dir), []);
    const [a, b] = await Promise.all(cohort.patients.map((p) => loadPatientImages(p)));
    let same = 0;
    let on = 0;
    for (let n = 0; n < a!.mask.data.length; n++) {
      on += a!.mask.data[n]!, same += a!.mask.data[n] === b!.mask.data[n] ? 1 : 0;
    }
    assert.equal(on, 125256);
    assert.equal(same, a!.mask.data.length);
  });
});

Deno.test("exportCohort() writes ct/pet/mask NIfTI per patient, cropped or on the CT grid", async () => {
  await withTemp(async (dir) => {
    await makeCohort(dir, GOOD);
    const res = await exportCohort(dir, `${dir}/out`, { crop: { sizeMm: [64, 64, 48], spacingMm: [2, 2, 2] } });
    assert.deepEqual(res.written, ["P1", "P2"]);
    const ct = await readNifti(`${dir}/out/P1/ct.nii.gz`);
    const mask = await readNifti(`${dir}/out/P1/mask.nii.gz`);
    assert.deepEqual(ct.dims, [32, 32, 24]);
    assert.ok(mask.data instanceof Uint8Array && mask.data.includes(1));
    await exportCohort(dir, `${dir}/full`, { crop: false });
    const full = await readNifti(`${dir}/full/P2/pet.nii.gz`);
    assert.deepEqual(full.dims, [204, 201, 60]);
    assert.equal(full.data[0], 0); // (-1000 + 1000) / 400
  });
});

Deno.test("checkCohort() reports every problem at once as (patient, column, problem)", async () => {
  await withTemp(async (dir) => {
    await makeCohort(dir, [
      ...GOOD,
      "P3,p9/ct.nii.gz,pet.nii.gz,p2_mask.nii.gz,,10,2,0,50,I", // missing CT, os_event 2
      "P4,p2_ct.nii.gz,pet.nii.gz,p2_mask.nii.gz,,-3,0,1,50,I", // months < 0, DSS without death
      "P5,p2_ct.nii.gz,pet.nii.gz,p1_rtstruct.dcm,lung,5,1,0,,", // ROI absent (found when reading images)
      "P2,p2_ct.nii.gz,pet.nii.gz,p2_mask.nii.gz,,5,1,0,,", // duplicate id
      ",p2_ct.nii.gz,pet.nii.gz,p1_rtstruct.dcm,,5,1,0,,", // no id, RTSTRUCT without ROI name
    ]);
    const problems = await checkCohort(dir);
    const got = problems.map((p) => `${p.patient}|${p.column}|${p.problem}`);
    const expect = [
      /^P2\|patient_id\|duplicate patient id \(2 rows\)$/,
      /^P3\|os_event\|value "2" is not 0 or 1$/,
      /^P3\|ct\|file "p9\/ct.nii.gz" not found$/,
      /^P4\|os_months\|value "-3" is not a number ≥ 0$/,
      /^P4\|dss_event\|disease-specific death/,
      /^row 8\|patient_id\|patient id is missing$/,
      /^row 8\|mask_roi\|an RTSTRUCT mask needs the ROI name$/,
      /^P5\|mask\|Cannot read RTSTRUCT .*ROI "lung" not found; present: "GTV-1"$/,
    ];
    for (const re of expect) assert.ok(got.some((g) => re.test(g)), `${re} not in\n${got.join("\n")}`);
    assert.equal(got.filter((g) => g.startsWith("P1|")).length, 0);
    await assert.rejects(() => loadCohort(dir), (e: unknown) => e instanceof CohortError && e.problems.length >= 7);
    const skipped = await loadCohort(dir, { skipBad: true });
    assert.deepEqual(skipped.patients.map((p) => p.id), ["P1", "P5"]); // P2 rows are both duplicates
    assert.ok(skipped.skipped.some((p) => p.patient === "P3"));
  });
});

/** The NIfTI at `from` written to `to` with its affine translated by `shift` (mm, RAS). */
async function shifted(from: string, to: string, shift: readonly [number, number, number]) {
  const v = await readNifti(from);
  const a = [...v.affine];
  [3, 7, 11].forEach((at, r) => (a[at] = a[at]! + shift[r]!));
  await writeNifti(to, { ...v, affine: a });
}

Deno.test("checkCohort() refuses a mask 500 mm from the CT and a PET that misses the ROI, with the distance", async () => {
  await withTemp(async (dir) => {
    await makeCohort(dir, [
      "PF,p2_ct.nii.gz,pet.nii.gz,far_mask.nii.gz,,30,0,0,,",
      "PP,p2_ct.nii.gz,far_pet.nii.gz,p2_mask.nii.gz,,30,0,0,,",
    ]);
    await shifted(`${dir}/p2_mask.nii.gz`, `${dir}/far_mask.nii.gz`, [500, 0, 0]);
    await shifted(`${dir}/pet.nii.gz`, `${dir}/far_pet.nii.gz`, [0, 0, -400]);
    // expected distance: the shifted ROI centroid's x beyond the CT's largest x (axis-aligned grid, x = −0.977 i + …)
    const ct = await readNifti(`${dir}/p2_ct.nii.gz`);
    const mask = await readNifti(`${dir}/p2_mask.nii.gz`);
    const [nx, ny] = mask.dims;
    let n = 0;
    let si = 0;
    mask.data.forEach((v, p) => v > 0 && (n++, si += p % nx));
    const cx = mask.affine[0]! * (si / n) + mask.affine[3]! + 500;
    const xmax = Math.max(...[-0.5, nx - 0.5].map((i) => ct.affine[0]! * i + ct.affine[3]!));
    assert.ok(ny > 0 && cx - xmax > 250);
    const problems = await checkCohort(dir);
    const got = problems.map((p) => `${p.patient}|${p.column}|${p.problem}`);
    assert.equal(got.length, 2, got.join("\n"));
    assert.match(
      got[0]!,
      new RegExp(
        `^PF\\|mask\\|Cannot use mask ".*far_mask.nii.gz" with the CT: the ROI lies outside the CT: none of its ${n} voxels lies inside the CT; its centre is ${
          (cx - xmax).toFixed(1)
        } mm from it \\(grid centres 500\\.0 mm apart\\); hint: `,
      ),
    );
    assert.match(
      got[1]!,
      /^PP\|pet\|Cannot use mask ".*p2_mask.nii.gz" with the PET: the ROI lies outside the PET: none of its \d+ voxels/,
    );
  });
});

Deno.test("exportCohort() places a mask on another grid of the same size by its affine, not by index", async () => {
  await withTemp(async (dir) => {
    await makeCohort(dir, ["PS,p2_ct.nii.gz,pet.nii.gz,up_mask.nii.gz,,30,0,0,,"]);
    await shifted(`${dir}/p2_mask.nii.gz`, `${dir}/up_mask.nii.gz`, [0, 0, 9]); // 3 slices of 3 mm up
    assert.deepEqual(await checkCohort(dir), []);
    await exportCohort(dir, `${dir}/out`, { crop: false });
    const orig = await readNifti(`${dir}/p2_mask.nii.gz`);
    const out = await readNifti(`${dir}/out/PS/mask.nii.gz`);
    const slice = orig.dims[0] * orig.dims[1];
    let moved = 0;
    let on = 0;
    for (let p = 0; p + 3 * slice < orig.data.length; p++) {
      on += orig.data[p]! > 0 ? 1 : 0;
      moved += (orig.data[p]! > 0 ? 1 : 0) === out.data[p + 3 * slice] ? 0 : 1;
    }
    assert.ok(on > 100000);
    assert.equal(moved, 0);
  });
});

Deno.test("loadCohort() reads NRRD and 4D volumes, allows absolute paths, keeps relative ones inside the folder", async () => {
  await withTemp(async (dir) => {
    const nrrd = `${FIX}pyradiomics/`;
    await Deno.symlink(`${FIX}nifti/example4d.nii.gz`, `${dir}/4d.nii.gz`);
    const v0 = await readNifti(`${dir}/4d.nii.gz`, { volume: 0 });
    await writeNifti(`${dir}/4d_mask.nii.gz`, { ...v0, data: Uint8Array.from(v0.data, (x) => (x > 200 ? 1 : 0)) });
    await Deno.mkdir(`${dir}/cohort`);
    const rows = [
      `PN,${nrrd}brain1_image.nrrd,${nrrd}brain1_image.nrrd,${nrrd}brain1_label.nrrd,,30,0,0,,`,
      "P4,../4d.nii.gz,../4d.nii.gz,../4d_mask.nii.gz,,30,0,0,1,0",
      "PX,inner/../../4d.nii.gz,pet.nii.gz,mask.nii.gz,,30,0,0,,",
      "PV,ct_folder,pet.nii.gz,mask.nii.gz,,30,0,0,x,1",
    ];
    const header = "patient_id,ct,pet,mask,mask_roi,os_months,os_event,dss_event,ct_volume,pet_volume";
    await Deno.writeTextFile(`${dir}/cohort/cohort.csv`, [header, ...rows].join("\n") + "\n");
    const got = (await checkCohort(`${dir}/cohort`)).map((p) => `${p.patient}|${p.column}|${p.problem}`);
    for (
      const re of [
        /^P4\|ct\|path "\.\.\/4d\.nii\.gz" leads outside the cohort folder/,
        /^P4\|mask\|path "\.\.\/4d_mask\.nii\.gz" leads outside/,
        /^PX\|ct\|path "inner\/\.\.\/\.\.\/4d\.nii\.gz" leads outside/,
        /^PV\|ct_volume\|value "x" is not a volume index/,
        /^PV\|ct_volume\|a volume applies to a 4D NIfTI or NRRD file only/,
      ]
    ) assert.ok(got.some((g) => re.test(g)), `${re} not in\n${got.join("\n")}`);
    assert.equal(got.filter((g) => g.startsWith("PN|")).length, 0, got.join("\n"));
    // the same 4D rows with absolute paths: the volume columns choose, a missing one is an error
    const abs = [
      `P4,${dir}/4d.nii.gz,${dir}/4d.nii.gz,${dir}/4d_mask.nii.gz,,30,0,0,1,0`,
      `PZ,${dir}/4d.nii.gz,${dir}/4d.nii.gz,${dir}/4d_mask.nii.gz,,30,0,0,,0`,
    ];
    await Deno.writeTextFile(`${dir}/cohort/cohort.csv`, [header, rows[0], ...abs].join("\n") + "\n");
    const problems = await checkCohort(`${dir}/cohort`);
    assert.deepEqual(problems.map((p) => [p.patient, p.column]), [["PZ", "ct"]]);
    assert.match(problems[0]!.problem, /it is 4D with 2 volumes and no volume was chosen/);
    const cohort = await loadCohort(`${dir}/cohort`, { skipBad: true });
    const [pn, p4] = cohort.patients;
    assert.deepEqual([pn!.ctKind, pn!.maskKind, p4!.ctVolume, p4!.petVolume], ["nrrd", "nrrd", 1, 0]);
    assert.deepEqual(cohort.covariates, []);
    const images = await loadPatientImages(p4!);
    const v1 = await readNifti(`${dir}/4d.nii.gz`, { volume: 1 });
    assert.deepEqual(images.ct.data, v1.data);
    assert.deepEqual(images.pet.data, v0.data);
    const brain = await loadPatientImages(pn!);
    assert.equal(brain.mask.data.reduce((a, b) => a + b, 0), 4137);
  });
});
