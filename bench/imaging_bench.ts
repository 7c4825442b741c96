/**
 * Ingest + crop throughput on generated data: a 512×512×150 CT and a 200×200×150 PET, as DICOM series
 * and as NIfTI, compared in the same run with merely reading the same files (`Deno.readFile`).
 * Run: `deno bench -A bench/imaging_bench.ts`. Patients/s = 1 / time per iteration; MB/s = input
 * bytes / time (printed once at start).
 *
 * @module
 */
import { cropPatient } from "../pipeline/imaging/crop_patient.ts";
import { readDicomPet } from "../pipeline/imaging/read_dicom_pet.ts";
import { readDicomSeries } from "../pipeline/imaging/read_dicom_series.ts";
import { checkMaskOverlap } from "../pipeline/imaging/check_mask_overlap.ts";
import { readNifti } from "../pipeline/imaging/read_nifti.ts";
import { writeNifti } from "../pipeline/imaging/write_nifti.ts";
import type { Volume } from "../pipeline/imaging/volume.ts";

type El = [tag: number, vr: string, value: string | Uint8Array | number | El[][]];

function element([tag, vr, value]: El): Uint8Array[] {
  const head = (len: number, long: boolean) => {
    const b = new Uint8Array(long ? 12 : 8);
    const v = new DataView(b.buffer);
    v.setUint16(0, tag >>> 16, true), v.setUint16(2, tag & 0xffff, true);
    b[4] = vr.charCodeAt(0), b[5] = vr.charCodeAt(1);
    if (long) v.setUint32(8, len, true);
    else v.setUint16(6, len, true);
    return b;
  };
  if (vr === "SQ") {
    const items = (value as El[][]).flatMap((item) => {
      const body = item.flatMap(element);
      const len = body.reduce((s, b) => s + b.length, 0);
      const h = new Uint8Array(8);
      new DataView(h.buffer).setUint32(0, 0xe000fffe, true), new DataView(h.buffer).setUint32(4, len, true);
      return [h, ...body];
    });
    const end = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    return [head(0xffffffff, true), ...items, end];
  }
  let bytes: Uint8Array;
  if (typeof value === "number") bytes = new Uint8Array(new Uint16Array([value]).buffer);
  else if (typeof value === "string") {
    const pad = value.length % 2 ? (vr === "UI" ? "\0" : " ") : "";
    bytes = new TextEncoder().encode(value + pad);
  } else bytes = value as Uint8Array;
  return [head(bytes.length, vr === "OW" || vr === "OB"), bytes];
}

function dicomFile(elements: El[]): Uint8Array {
  const meta = element([0x00020010, "UI", "1.2.840.10008.1.2.1"]);
  const parts = [new Uint8Array(128), new TextEncoder().encode("DICM"), ...meta, ...elements.flatMap(element)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), o += p.length;
  return out;
}

async function writeSeries(dir: string, n: number, size: number, spacing: number, pet: boolean): Promise<number> {
  await Deno.mkdir(dir, { recursive: true });
  let bytes = 0;
  const series = pet ? "1.2.3.4.2" : "1.2.3.4.1";
  for (let k = 0; k < n; k++) {
    const px = new Int16Array(size * size);
    for (let p = 0; p < px.length; p++) px[p] = (p * 7 + k * 13) % (pet ? 3000 : 2000); // texture, no randomness
    const els: El[] = [
      [0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.128"],
      [0x00080018, "UI", `${series}.${k + 1}`],
      [0x00080021, "DA", "20200101"],
      [0x00080031, "TM", "110000"],
      [0x00080060, "CS", pet ? "PT" : "CT"],
      [0x00101030, "DS", "70"],
      [0x0020000e, "UI", series],
      [0x00200032, "DS", `-250\\-250\\${(k * 3).toFixed(1)}`],
      [0x00200037, "DS", "1\\0\\0\\0\\1\\0"],
      [0x00200052, "UI", "1.2.3.4.9"],
      [0x00280002, "US", 1],
      [0x00280010, "US", size],
      [0x00280011, "US", size],
      [0x00280030, "DS", `${spacing}\\${spacing}`],
      [0x00280051, "CS", "ATTN\\DECY"],
      [0x00280100, "US", 16],
      [0x00280101, "US", 16],
      [0x00280103, "US", 1],
      [0x00281052, "DS", pet ? "0" : "-1024"],
      [0x00281053, "DS", pet ? "2.5" : "1"],
      [0x00540016, "SQ", [[[0x00181072, "TM", "100000"], [0x00181074, "DS", "370000000"], [
        0x00181075,
        "DS",
        "6586.2",
      ]]]],
      [0x00541001, "CS", "BQML"],
      [0x00541102, "CS", "START"],
      [0x7fe00010, "OW", new Uint8Array(px.buffer)],
    ];
    const file = dicomFile(els);
    bytes += file.length;
    await Deno.writeFile(`${dir}/${String(k).padStart(4, "0")}.dcm`, file);
  }
  return bytes;
}

const root = await Deno.makeTempDir({ prefix: "deepmarker_imaging_bench_" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const ctBytes = await writeSeries(`${root}/ct`, 150, 512, 0.9765625, false);
const petBytes = await writeSeries(`${root}/pet`, 150, 200, 2.5, true);
const ct0 = (await readDicomSeries(`${root}/ct`)).volume;
const pet0 = (await readDicomPet(`${root}/pet`)).volume;
const mask0: Volume<Uint8Array> = { data: new Uint8Array(ct0.data.length), dims: ct0.dims, affine: ct0.affine };
for (let k = 60; k < 90; k++) {
  for (let j = 230; j < 280; j++) mask0.data.fill(1, 230 + 512 * (j + 512 * k), 280 + 512 * (j + 512 * k));
}
await writeNifti(`${root}/ct.nii`, ct0, { datatype: "int16" });
await writeNifti(`${root}/pet.nii`, pet0);
await writeNifti(`${root}/mask.nii.gz`, mask0);
const files = async (dir: string) => (await Array.fromAsync(Deno.readDir(dir))).map((e) => `${dir}/${e.name}`);
const dicomFiles = [...await files(`${root}/ct`), ...await files(`${root}/pet`)];
const niftiFiles = [`${root}/ct.nii`, `${root}/pet.nii`, `${root}/mask.nii.gz`];
const niftiBytes = (await Promise.all(niftiFiles.map((f) => Deno.stat(f)))).reduce((s, st) => s + st.size, 0);
// deno-lint-ignore no-console
console.log(
  `input: DICOM ${((ctBytes + petBytes) / 1e6).toFixed(1)} MB, NIfTI ${(niftiBytes / 1e6).toFixed(1)} MB per patient`,
);
const crop = { sizeMm: [96, 96, 48], spacingMm: [1, 1, 1] } as const;

Deno.bench("read DICOM files only (baseline)", { group: "dicom", baseline: true }, async () => {
  for (const f of dicomFiles) await Deno.readFile(f);
});
Deno.bench("DICOM CT + PET(SUV) ingest + crop", { group: "dicom" }, async () => {
  const ct = (await readDicomSeries(`${root}/ct`)).volume;
  const pet = (await readDicomPet(`${root}/pet`)).volume;
  cropPatient({ ct, pet, mask: mask0 }, crop);
});
Deno.bench("read NIfTI files only (baseline)", { group: "nifti", baseline: true }, async () => {
  for (const f of niftiFiles) await Deno.readFile(f);
});
Deno.bench("NIfTI CT + PET + mask ingest + crop", { group: "nifti" }, async () => {
  const [ct, pet, mask] = await Promise.all(niftiFiles.map((f) => readNifti(f)));
  cropPatient({ ct: ct!, pet: pet!, mask: mask! }, crop);
});
Deno.bench("mask overlap checks, CT + PET (per patient in loadPatientImages)", { group: "nifti" }, () => {
  checkMaskOverlap(mask0, ct0);
  checkMaskOverlap(mask0, pet0);
});
