import assert from "node:assert/strict";
import dicomParser from "dicom-parser";
import { deflateSync } from "fflate";
import { readDicomSeries } from "../../../pipeline/imaging/read_dicom_series.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { parseDicomBytes } from "../../../pipeline/imaging/_dicom_dataset.ts";
import { decodeFrame } from "../../../pipeline/imaging/_dicom_pixels.ts";

const FIX = new URL("../../../fixtures/data/", import.meta.url).pathname;
const EXPECTED = JSON.parse(await Deno.readTextFile(`${FIX}dicom/expected_values.json`));

Deno.test("readDicomSeries() equals the PAT1 NIfTI voxel for voxel, with the same affine", async () => {
  const s = await readDicomSeries(`${FIX}pat1/dicom/image`);
  const n = await readNifti(`${FIX}pat1/nifti/image/phantom.nii.gz`);
  assert.deepEqual(s.volume.dims, n.dims);
  assert.equal(s.modality, "CT");
  assert.equal(s.sopInstanceUids.length, 60);
  s.volume.affine.forEach((x, i) =>
    assert.ok(Math.abs(x - n.affine[i]!) < 1e-4, `affine[${i}] ${x} vs ${n.affine[i]}`)
  );
  let diff = 0;
  let sum = 0;
  for (let i = 0; i < n.data.length; i++) {
    if (s.volume.data[i] !== n.data[i]) diff++;
    sum += s.volume.data[i]!;
  }
  assert.equal(diff, 0);
  assert.ok(Math.abs(sum / n.data.length - -266.4703671186551) < 1e-6);
});

Deno.test("readDicomSeries() reads CT_small with pydicom's spot values, rescale and geometry", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIX}dicom/CT_small.dcm`, `${dir}/CT_small.dcm`);
    await Deno.writeTextFile(`${dir}/README.txt`, "not DICOM, ignored");
    const exp = EXPECTED["CT_small.dcm"];
    const s = await readDicomSeries(dir);
    assert.deepEqual(s.volume.dims, [exp.columns, exp.rows, 1]);
    const at = (row: number, col: number) => s.volume.data[col + exp.columns * row]!;
    assert.deepEqual([36, 37, 38, 39].map((c) => at(24, c)), exp.pixels["arr[24, 36:40]"].map((v: number) => v - 1024));
    assert.deepEqual(
      [40, 41, 42, 43, 44].map((r) => at(r, 40)),
      exp.pixels["arr[40:45, 40]"].map((v: number) => v - 1024),
    );
    const [x, y, z] = exp.image_position_patient;
    const a = s.volume.affine;
    assert.deepEqual([a[3], a[7], a[11]], [-x, -y, z]); // LPS → RAS
    assert.ok(Math.abs(a[0]! + exp.pixel_spacing[1]) < 1e-9 && Math.abs(a[5]! + exp.pixel_spacing[0]) < 1e-9);
    assert.equal(a[10], exp.slice_thickness);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("decodeFrame() gives the same MR pixels for explicit LE, implicit LE, explicit BE and RLE", async () => {
  const exp = EXPECTED["MR_small.dcm"].pixels;
  const ref = decodeFrame(parseDicomBytes(await Deno.readFile(`${FIX}dicom/MR_small.dcm`)));
  assert.deepEqual([...ref.subarray(31, 34)], exp["arr[0, 31:34]"]);
  assert.deepEqual([...ref.subarray(31 * 64, 31 * 64 + 3)], exp["arr[31, :3]"]);
  assert.deepEqual([...ref.subarray(64 * 64 - 3)], exp["arr[-1, -3:]"]);
  for (const name of ["MR_small_implicit.dcm", "MR_small_expb.dcm", "MR_small_RLE.dcm"]) {
    const px = decodeFrame(parseDicomBytes(await Deno.readFile(`${FIX}dicom/${name}`)));
    assert.deepEqual(px, ref, name);
  }
});

Deno.test("readDicomSeries() reads a folder of symlinked slices", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ref = await readDicomSeries(`${FIX}pat1/dicom/image`);
    for await (const e of Deno.readDir(`${FIX}pat1/dicom/image`)) {
      await Deno.symlink(`${FIX}pat1/dicom/image/${e.name}`, `${dir}/${e.name}`);
    }
    await Deno.symlink(`${dir}/absent.dcm`, `${dir}/dangling.dcm`); // a dangling link is skipped
    const s = await readDicomSeries(dir);
    assert.deepEqual(s.volume.dims, ref.volume.dims);
    assert.deepEqual(s.volume.data, ref.volume.data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** MR_small.dcm re-encoded as Deflated Explicit VR Little Endian (PS3.5 A.5): new UID in the meta, raw-deflated body. */
async function deflatedMrSmall(): Promise<Uint8Array> {
  const bytes = await Deno.readFile(`${FIX}dicom/MR_small.dcm`);
  const meta = dicomParser.readPart10Header(bytes) as dicomParser.DataSet & { position: number };
  assert.equal(meta.string("x00020010"), "1.2.840.10008.1.2.1");
  const ts = meta.elements["x00020010"]!;
  const uid = new TextEncoder().encode("1.2.840.10008.1.2.1.99");
  const head = concat(
    bytes.subarray(0, ts.dataOffset - 2),
    new Uint8Array(new Uint16Array([uid.length]).buffer),
    uid,
    bytes.subarray(ts.dataOffset + ts.length, meta.position),
  );
  const group = meta.elements["x00020000"]!;
  const view = new DataView(head.buffer);
  view.setUint32(group.dataOffset, view.getUint32(group.dataOffset, true) + uid.length - ts.length, true);
  return concat(head, deflateSync(bytes.subarray(meta.position)));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

Deno.test("readDicomSeries() decodes Deflated Explicit VR Little Endian like the explicit file it encodes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/explicit`);
    await Deno.mkdir(`${dir}/deflated`);
    await Deno.mkdir(`${dir}/corrupt`);
    await Deno.copyFile(`${FIX}dicom/MR_small.dcm`, `${dir}/explicit/a.dcm`);
    const deflated = await deflatedMrSmall();
    await Deno.writeFile(`${dir}/deflated/a.dcm`, deflated);
    const ref = await readDicomSeries(`${dir}/explicit`);
    const got = await readDicomSeries(`${dir}/deflated`);
    assert.deepEqual(got.volume, ref.volume);
    assert.equal(got.seriesUid, ref.seriesUid);
    const exp = EXPECTED["MR_small.dcm"].pixels;
    assert.deepEqual([...got.volume.data.subarray(31, 34)], exp["arr[0, 31:34]"]);
    const cut = deflated.slice();
    cut.fill(0xff, cut.length - 2000, cut.length - 1000); // damage the deflate stream
    await Deno.writeFile(`${dir}/corrupt/a.dcm`, cut);
    await assert.rejects(
      readDicomSeries(`${dir}/corrupt`),
      /file "a\.dcm" is not readable DICOM \(its deflated data set cannot be inflated/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
