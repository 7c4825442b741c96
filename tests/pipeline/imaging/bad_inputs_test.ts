import assert from "node:assert/strict";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { readDicomSeries } from "../../../pipeline/imaging/read_dicom_series.ts";
import { readDicomPet } from "../../../pipeline/imaging/read_dicom_pet.ts";
import { readRtstruct } from "../../../pipeline/imaging/read_rtstruct.ts";
import { cropPatient } from "../../../pipeline/imaging/crop_patient.ts";
import { loadCohort } from "../../../pipeline/imaging/cohort.ts";
import { copyDir, FIX, patchFile, withTemp } from "./_fixtures.ts";

const PAT1 = `${FIX}pat1/dicom/image`;
const PET = `${FIX}pet/sts_001_fdg_pet/image`;

async function rejects(fn: () => Promise<unknown>, re: RegExp) {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof DeepmarkerError, `not a DeepmarkerError: ${e}`);
    assert.match(e.message, re);
    return true;
  });
}

async function niftiBytes() {
  const { gunzipSync } = await import("fflate");
  return gunzipSync(await Deno.readFile(`${FIX}nifti/standard.nii.gz`));
}

Deno.test("readNifti() refuses a truncated file", async () => {
  await withTemp(async (dir) => {
    await Deno.writeFile(`${dir}/a.nii`, (await niftiBytes()).subarray(0, 360));
    await rejects(
      () => readNifti(`${dir}/a.nii`),
      /Cannot read NIfTI ".*a\.nii": file is truncated: 360 bytes, header announces 492/,
    );
  });
});

Deno.test("readNifti() refuses a wrong magic", async () => {
  await withTemp(async (dir) => {
    const b = await niftiBytes();
    b.set([0x61, 0x62, 0x63, 0], 344);
    await Deno.writeFile(`${dir}/a.nii`, b);
    await rejects(() => readNifti(`${dir}/a.nii`), /magic is "abc", expected "n\+1" or "ni1"/);
  });
});

Deno.test("readNifti() refuses a wrong header size", async () => {
  await withTemp(async (dir) => {
    const b = await niftiBytes();
    new DataView(b.buffer).setInt32(0, 12, true);
    await Deno.writeFile(`${dir}/a.nii`, b);
    await rejects(() => readNifti(`${dir}/a.nii`), /header size is 12, expected 348 or 540/);
  });
});

Deno.test("readNifti() refuses corrupt gzip, a missing file and an unsupported datatype", async () => {
  await withTemp(async (dir) => {
    const gz = (await Deno.readFile(`${FIX}nifti/example4d.nii.gz`)).slice(0, 5000);
    await Deno.writeFile(`${dir}/a.nii.gz`, gz);
    await rejects(() => readNifti(`${dir}/a.nii.gz`), /gzip data is corrupt/);
    await rejects(() => readNifti(`${dir}/none.nii.gz`), /none\.nii\.gz": file not found/);
    const b = await niftiBytes();
    new DataView(b.buffer).setInt16(70, 128, true); // RGB24
    await Deno.writeFile(`${dir}/rgb.nii`, b);
    await rejects(() => readNifti(`${dir}/rgb.nii`), /datatype 128 is not supported/);
  });
});

Deno.test("readNifti() refuses sizes that do not match dim[0] and a non-finite affine", async () => {
  await withTemp(async (dir) => {
    const patched = async (name: string, edit: (v: DataView) => void) => {
      const b = await niftiBytes(); // standard.nii.gz: little-endian, dim = [3, 4, 5, 7, 1, …], sform 2
      edit(new DataView(b.buffer));
      await Deno.writeFile(`${dir}/${name}`, b);
      return `${dir}/${name}`;
    };
    await rejects(
      async () => readNifti(await patched("dim1.nii", (v) => v.setInt16(42, 0, true))),
      /dim\[1\] is 0: every size up to dim\[0\] = 3 must be at least 1/,
    );
    await rejects(
      async () => readNifti(await patched("neg.nii", (v) => v.setInt16(46, -7, true))),
      /dim\[3\] is -7/,
    );
    await rejects(
      async () => readNifti(await patched("dim0.nii", (v) => v.setInt16(40, 2, true))),
      /dim\[0\] is 2 but dim\[3\] is 7: the header is inconsistent/,
    );
    await rejects(
      async () => readNifti(await patched("nan.nii", (v) => v.setFloat32(280 + 4 * 3, NaN, true))),
      /the sform affine contains NaN or Inf/,
    );
    await rejects(
      async () =>
        readNifti(
          await patched("inf.nii", (v) => {
            v.setInt16(254, 0, true), v.setInt16(252, 1, true), v.setFloat32(268, Infinity, true);
          }),
        ),
      /the qform affine contains NaN or Inf/,
    );
    await rejects(
      async () =>
        readNifti(
          await patched("pixdim.nii", (v) => {
            v.setInt16(254, 0, true), v.setInt16(252, 1, true), v.setFloat32(80, NaN, true);
          }),
        ),
      /pixdim\[1\] is NaN: the voxel spacing is not a number/,
    );
    await rejects(
      async () =>
        readNifti(await patched("flat.nii", (v) => [0, 1, 2].forEach((c) => v.setFloat32(280 + 4 * c, 0, true)))),
      /the sform affine is singular/,
    );
  });
});

Deno.test("readNifti() refuses a 4D image unless a volume is chosen", async () => {
  await rejects(
    () => readNifti(`${FIX}nifti/example4d.nii.gz`),
    /it is 4D with 2 volumes and no volume was chosen\nhint: .*ct_volume/,
  );
  const v1 = await readNifti(`${FIX}nifti/example4d.nii.gz`, { volume: 1 });
  assert.deepEqual(v1.dims, [128, 96, 24]);
});

Deno.test("readDicomSeries() lists the series of a folder holding several", async () => {
  await withTemp(async (dir) => {
    await copyDir(PAT1, dir, (n) => n > "DCM_IMG_00005.dcm");
    await Deno.copyFile(`${PET}/1-240.dcm`, `${dir}/pet.dcm`);
    await rejects(
      () => readDicomSeries(dir),
      /holds 2 series, choose one by SeriesInstanceUID: .*\(CT, 6 files\).*\(PT, 1 files\)/,
    );
    await rejects(() => readDicomSeries(dir, { seriesUid: "1.2.3" }), /series "1\.2\.3" not found; present: /);
  });
});

Deno.test("readDicomSeries() refuses a missing slice (non-uniform spacing)", async () => {
  await withTemp(async (dir) => {
    await copyDir(PAT1, dir, (n) => n === "DCM_IMG_00030.dcm");
    await rejects(() => readDicomSeries(dir), /slice spacing is not uniform: .*gap 6\.000 mm/);
  });
});

Deno.test("readDicomSeries() refuses gantry tilt", async () => {
  await withTemp(async (dir) => {
    await copyDir(PAT1, dir);
    for await (const e of Deno.readDir(dir)) {
      const text = new TextDecoder("latin1").decode(await Deno.readFile(`${dir}/${e.name}`));
      const m = /-174\.39450073242\\-79\.625503540039\\(-?[\d.]+)/.exec(text)!;
      const y = (-79.625503540039 + 0.3 * Number(m[1])).toFixed(6).padStart(15); // shear y with z
      await patchFile(`${dir}/${e.name}`, "-79.625503540039", y.padEnd(16));
    }
    await rejects(() => readDicomSeries(dir), /sheared by 16\.70° against the normal \(gantry tilt\)/);
  });
});

Deno.test("readDicomSeries() refuses duplicate slice positions, an empty folder and truncated pixel data", async () => {
  await withTemp(async (dir) => {
    await copyDir(PAT1, `${dir}/dup`, (n) => n > "DCM_IMG_00003.dcm");
    await Deno.copyFile(`${PAT1}/DCM_IMG_00001.dcm`, `${dir}/dup/copy.dcm`);
    await rejects(() => readDicomSeries(`${dir}/dup`), /two slices share the position/);
    await Deno.mkdir(`${dir}/empty`);
    await Deno.writeTextFile(`${dir}/empty/notes.txt`, "hello");
    await rejects(() => readDicomSeries(`${dir}/empty`), /no DICOM image files in the folder/);
    await copyDir(PAT1, `${dir}/trunc`, (n) => n > "DCM_IMG_00003.dcm");
    const b = await Deno.readFile(`${dir}/trunc/DCM_IMG_00002.dcm`);
    await Deno.writeFile(`${dir}/trunc/DCM_IMG_00002.dcm`, b.subarray(0, b.length - 100));
    await rejects(() => readDicomSeries(`${dir}/trunc`), /Pixel Data is shorter than 201×204×2 bytes/);
    await rejects(() => readDicomSeries(`${dir}/nowhere`), /folder not found/);
  });
});

Deno.test("readDicomPet() names a missing PET tag", async () => {
  await withTemp(async (dir) => {
    await copyDir(PET, dir, (n) => n > "1-226.dcm");
    for await (const e of Deno.readDir(dir)) await patchFile(`${dir}/${e.name}`, "71.0", "    ");
    await rejects(
      () => readDicomPet(dir),
      /Cannot compute SUV for PET series .*: missing DICOM tag PatientWeight \(0010,1030\)/,
    );
  });
});

Deno.test("readDicomPet() refuses CNTS without a Philips scale factor and a CT series", async () => {
  await withTemp(async (dir) => {
    await copyDir(PET, dir, (n) => n > "1-226.dcm");
    for await (const e of Deno.readDir(dir)) await patchFile(`${dir}/${e.name}`, "BQML", "CNTS");
    await rejects(
      () => readDicomPet(dir),
      /Units CNTS without Philips SUVScaleFactor or ActivityConcentrationScaleFactor/,
    );
    await rejects(() => readDicomPet(PAT1), /Modality is "CT", expected "PT"/);
  });
});

Deno.test("readRtstruct() refuses an RTSTRUCT referencing another series", async () => {
  const ct = await readDicomSeries(PAT1);
  await rejects(
    () => readRtstruct(`${FIX}pet/sts_001_fdg_pet/mask/1-1.dcm`, ct, { roi: "GTV_Mass" }),
    /it references series 1\.3\.6\.1\.4\.1\.14519\.\S+, not the image series 1\.3\.6\.1\.4\.1\.9590\./,
  );
});

Deno.test("readRtstruct() lists the ROI names on a miss, refuses contour-less ROIs and non-RTSTRUCT files", async () => {
  const vol = {
    volume: {
      data: new Uint8Array(8),
      dims: [2, 2, 2] as const,
      affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    },
  };
  await rejects(
    () => readRtstruct(`${FIX}dicom/rtstruct.dcm`, vol, { roi: "lung" }),
    /ROI "lung" not found; present: "patient", "Isocenter 1", "Isocenter 2"/,
  );
  await rejects(
    () => readRtstruct(`${FIX}dicom/rtstruct.dcm`, vol, { roi: "isocenter 1" }),
    /ROI "Isocenter 1" has no closed planar contour/,
  );
  await rejects(
    () => readRtstruct(`${FIX}dicom/CT_small.dcm`, vol, { roi: "x" }),
    /Modality is "CT", expected "RTSTRUCT"/,
  );
});

Deno.test("cropPatient() refuses an empty mask", () => {
  const v = {
    data: new Uint8Array(8),
    dims: [2, 2, 2] as const,
    affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  };
  assert.throws(() => cropPatient({ ct: v, pet: v, mask: v }), /Cannot crop: the mask is empty/);
});

Deno.test("loadCohort() refuses a missing cohort.csv, a missing column and a patient without images", async () => {
  await withTemp(async (dir) => {
    await rejects(() => loadCohort(dir), /\* · cohort\.csv: file not found/);
    await Deno.writeTextFile(
      `${dir}/cohort.csv`,
      "patient_id,ct,pet,mask,os_months,os_event,dss_event\nA,a,b,c,1,0,0\n",
    );
    await rejects(() => loadCohort(dir), /\* · mask_roi: column is missing/);
    await Deno.writeTextFile(
      `${dir}/cohort.csv`,
      "patient_id,ct,pet,mask,mask_roi,os_months,os_event,dss_event\nA,a/ct.nii.gz,a/pet,a/m.nii,,1,0,0\n",
    );
    await rejects(
      () => loadCohort(dir),
      /A · ct: file "a\/ct\.nii\.gz" not found\n {2}A · pet: file "a\/pet" not found\n {2}A · mask: file "a\/m\.nii" not found/,
    );
  });
});
