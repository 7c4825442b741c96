import assert from "node:assert/strict";
import { gunzipSync, gzipSync } from "fflate";
import { parseCsvRecords } from "../../../pipeline/csv.ts";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import { readNrrd } from "../../../pipeline/imaging/read_nrrd.ts";
import { readVolumeFile } from "../../../pipeline/imaging/read_volume_file.ts";
import type { Volume } from "../../../pipeline/imaging/volume.ts";
import { FIX, withTemp } from "./_fixtures.ts";

const DIR = `${FIX}pyradiomics/`;
const IMAGE = `${DIR}brain1_image.nrrd`;
const LABEL = `${DIR}brain1_label.nrrd`;

/** Column `brain1` of PyRadiomics' first-order baseline, by row name. */
async function baseline(): Promise<Map<string, string>> {
  const rows = parseCsvRecords(await Deno.readTextFile(`${DIR}baseline_firstorder.csv`));
  const col = rows[0]!.indexOf("brain1");
  return new Map(rows.slice(1).map((r) => [r[0]!, r[col]!]));
}

const tuple = (s: string) => s.replace(/[()]/g, "").split(",").map(Number);

/** The header lines and decompressed data of a gzip NRRD. */
async function split(path: string): Promise<{ header: string[]; data: Uint8Array }> {
  const bytes = await Deno.readFile(path);
  const text = new TextDecoder("latin1").decode(bytes);
  const end = text.indexOf("\n\n");
  return { header: text.slice(0, end).split("\n"), data: gunzipSync(bytes.subarray(end + 2)) };
}

function withFields(header: string[], set: Record<string, string | undefined>): string {
  const out = header.filter((l) => !Object.keys(set).some((k) => l.startsWith(`${k}:`)));
  for (const [k, v] of Object.entries(set)) if (v !== undefined) out.push(`${k}: ${v}`);
  return out.join("\n") + "\n\n";
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

async function rejects(fn: () => Promise<unknown>, re: RegExp) {
  await assert.rejects(fn, (e: unknown) => e instanceof DeepmarkerError && re.test(e.message));
}

Deno.test("readNrrd() reads PyRadiomics' brain1 as its baseline describes it (LPS gzip → RAS+)", async () => {
  const want = await baseline();
  const image = await readNrrd(IMAGE);
  const label = await readNrrd(LABEL);
  assert.ok(image.data instanceof Int16Array && label.data instanceof Int32Array);
  assert.deepEqual(image.dims, [256, 256, 25]);
  const spacing = tuple(want.get("diagnostics_Image-original_Spacing")!);
  const [lx, ly, lz] = tuple((await split(IMAGE)).header.find((l) => l.startsWith("space origin:"))!.slice(13));
  // LPS (x left, y posterior) → RAS: x and y change sign; the index axes run along +L, −P (= +A… in RAS, −x, +y)
  assert.deepEqual(image.affine, [
    -spacing[0]!,
    0,
    0,
    -lx!,
    0,
    spacing[1]!,
    0,
    -ly!,
    0,
    0,
    spacing[2]!,
    lz!,
    0,
    0,
    0,
    1,
  ]);
  assert.deepEqual(label.affine, image.affine);
  const [nx, ny] = image.dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  label.data.forEach((v, p) => {
    if (v !== 1) return;
    const ijk = [p % nx, Math.floor(p / nx) % ny, Math.floor(p / (nx * ny))];
    ijk.forEach((c, a) => (lo[a] = Math.min(lo[a]!, c), hi[a] = Math.max(hi[a]!, c)));
    n++, sum += image.data[p]!, min = Math.min(min, image.data[p]!), max = Math.max(max, image.data[p]!);
  });
  assert.equal(n, Number(want.get("diagnostics_Mask-original_VoxelNum")));
  assert.deepEqual(
    [...lo, ...hi.map((h, a) => h - lo[a]! + 1)],
    tuple(want.get("diagnostics_Mask-original_BoundingBox")!),
  );
  assert.ok(Math.abs(sum / n - Number(want.get("original_firstorder_Mean"))) < 1e-9);
  assert.equal(min, Number(want.get("original_firstorder_Minimum")));
  assert.equal(max, Number(want.get("original_firstorder_Maximum")));
});

Deno.test("readNrrd() gives the same volume for raw, detached, big-endian, RAS and text variants", async () => {
  const ref = await readNrrd(LABEL);
  const { header, data } = await split(LABEL);
  const same = (v: Volume, what: string) => {
    assert.deepEqual(v.dims, ref.dims, what);
    assert.deepEqual(v.affine, ref.affine, what);
    assert.deepEqual(v.data, ref.data, what);
  };
  await withTemp(async (dir) => {
    const enc = (s: string) => new TextEncoder().encode(s);
    await Deno.writeFile(`${dir}/raw.nrrd`, concat(enc(withFields(header, { encoding: "raw" })), data));
    same(await readNrrd(`${dir}/raw.nrrd`), "raw");
    await Deno.writeFile(`${dir}/data.raw.gz`, gzipSync(data));
    await Deno.writeTextFile(`${dir}/detached.nhdr`, withFields(header, { "data file": "data.raw.gz" }));
    same(await readVolumeFile(`${dir}/detached.nhdr`), "detached gzip");
    const half = data.length / 2; // 25 slices of 256 × 256 int32: whole slices in neither half, as NRRD allows
    await Deno.writeFile(`${dir}/part1.raw`, data.subarray(0, half));
    await Deno.writeFile(`${dir}/part2.raw`, data.subarray(half));
    await Deno.writeTextFile(
      `${dir}/list.nhdr`,
      withFields(header, { encoding: "raw", "data file": "LIST" }).trimEnd() + "\npart1.raw\npart2.raw\n",
    );
    same(await readNrrd(`${dir}/list.nhdr`), "detached LIST");
    await Deno.writeTextFile(
      `${dir}/pattern.nhdr`,
      withFields(header, { encoding: "raw", "data file": "part%d.raw 1 2 1" }),
    );
    same(await readNrrd(`${dir}/pattern.nhdr`), "detached %d pattern");
    const big = data.slice();
    for (let p = 0; p < big.length; p += 4) big.subarray(p, p + 4).reverse();
    await Deno.writeFile(`${dir}/big.nrrd`, concat(enc(withFields(header, { encoding: "raw", endian: "big" })), big));
    same(await readNrrd(`${dir}/big.nrrd`), "big-endian");
    // the same grid written in RAS: x and y of every direction and of the origin change sign
    const ras = withFields(header, {
      space: "right-anterior-superior",
      "space directions": "(-0.78124999999999989,0,0) (0,0.78124999999999989,0) (0,0,6.4999999999999982)",
      "space origin": "(99.609374999999986,-99.609374999999986,-77.999999999999957)",
    });
    await Deno.writeFile(`${dir}/ras.nrrd`, concat(enc(ras), gzipSync(data)));
    same(await readNrrd(`${dir}/ras.nrrd`), "RAS");
    const values = Array.from(new Int32Array(data.buffer, data.byteOffset, data.length / 4)).join(" ");
    await Deno.writeTextFile(`${dir}/text.nrrd`, withFields(header, { encoding: "ascii" }) + values + "\n");
    same(await readNrrd(`${dir}/text.nrrd`), "text");
  });
});

Deno.test("readNrrd() refuses a 4D file unless a volume is chosen, then reads that volume", async () => {
  const ref = await readNrrd(LABEL);
  const { header, data } = await split(LABEL);
  await withTemp(async (dir) => {
    // two interleaved volumes on a leading list axis: volume 1 = 1 − label
    const labels = new Int32Array(data.buffer, data.byteOffset, data.length / 4);
    const both = new Int32Array(2 * labels.length);
    labels.forEach((v, p) => (both[2 * p] = v, both[2 * p + 1] = 1 - v));
    const dirs = header.find((l) => l.startsWith("space directions:"))!.slice(18);
    await Deno.writeFile(
      `${dir}/4d.nrrd`,
      concat(
        new TextEncoder().encode(withFields(header, {
          dimension: "4",
          sizes: "2 256 256 25",
          kinds: "list domain domain domain",
          "space directions": `none ${dirs}`,
        })),
        gzipSync(new Uint8Array(both.buffer)),
      ),
    );
    await rejects(() => readNrrd(`${dir}/4d.nrrd`), /it is 4D with 2 volumes and no volume was chosen/);
    const v1 = await readNrrd(`${dir}/4d.nrrd`, { volume: 1 });
    assert.deepEqual(v1.affine, ref.affine);
    assert.deepEqual(Array.from(v1.data), Array.from(ref.data, (v) => 1 - v));
    await rejects(() => readNrrd(`${dir}/4d.nrrd`, { volume: 2 }), /volume 2 requested, the file has 2/);
  });
});

Deno.test("readNrrd() names the problem of a malformed or unsupported file", async () => {
  const { header, data } = await split(LABEL);
  await withTemp(async (dir) => {
    const write = async (name: string, set: Record<string, string | undefined>, body: Uint8Array = gzipSync(data)) => {
      await Deno.writeFile(`${dir}/${name}`, concat(new TextEncoder().encode(withFields(header, set)), body));
      return `${dir}/${name}`;
    };
    await Deno.writeTextFile(`${dir}/magic.nrrd`, "NRRD0009\ntype: int\n\n");
    await rejects(() => readNrrd(`${dir}/magic.nrrd`), /magic is "NRRD0009"/);
    await rejects(
      async () => readNrrd(await write("s.nrrd", { space: "scanner-xyz" })),
      /space "scanner-xyz" is not supported/,
    );
    await rejects(
      async () => readNrrd(await write("nan.nrrd", { "space directions": "(nan,0,0) (0,1,0) (0,0,1)" })),
      /affine from space directions and origin contains NaN or Inf/,
    );
    await rejects(
      async () => readNrrd(await write("e.nrrd", { endian: undefined })),
      /required field "endian" is missing/,
    );
    await rejects(async () => readNrrd(await write("z.nrrd", { sizes: "256 0 25" })), /size of axis 1 is 0/);
    await rejects(
      async () => readNrrd(await write("bz.nrrd", { encoding: "bzip2" })),
      /encoding "bzip2" is not supported/,
    );
    await rejects(
      async () => readNrrd(await write("t.nrrd", { encoding: "raw" }, data.subarray(0, 1000))),
      /data are truncated: 1000 bytes/,
    );
    await rejects(
      async () => readNrrd(await write("d.nhdr", { "data file": "absent.raw" }, new Uint8Array())),
      /absent\.raw" not found/,
    );
    await rejects(() => readNrrd(`${dir}/none.nrrd`), /none\.nrrd" not found/);
  });
});
