/**
 * Rasterising an RTSTRUCT ROI onto an image grid.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { type DicomDataset, parseDicomBytes } from "./_dicom_dataset.ts";
import { fillPolygons } from "./_polygon_fill.ts";
import { invertAffine } from "./_affine.ts";
import type { Volume } from "./volume.ts";

/** The grid to rasterise on, with the identifiers checked against the RTSTRUCT when known. */
export interface RtstructTarget {
  readonly volume: Volume;
  /** SeriesInstanceUID of the image (a {@linkcode DicomSeries} has it; NIfTI images do not). */
  readonly seriesUid?: string;
  /** FrameOfReferenceUID of the image. */
  readonly frameOfReferenceUid?: string;
}

/** Options of {@linkcode readRtstruct}. */
export interface ReadRtstructOptions {
  /** ROI name, matched case-insensitively after trimming. */
  readonly roi: string;
  /**
   * How far (in slices) a contour plane may lie from the nearest slice centre.
   * @default 0.25
   */
  readonly planeTolerance?: number;
}

function fail(path: string, why: string): DeepmarkerError {
  return new DeepmarkerError(`Cannot read RTSTRUCT "${path}": ${why}`);
}

function referencedSeries(ds: DicomDataset): string[] {
  return ds.items("3006,0010").flatMap((f) =>
    f.items("3006,0012").flatMap((st) => st.items("3006,0014").map((se) => se.text("0020,000e") ?? ""))
  ).filter((u) => u !== "");
}

/**
 * Reads an RTSTRUCT file and rasterises one ROI onto `target`'s grid: contour points (patient LPS)
 * go to RAS+ and then to voxel indices through the inverse affine; each contour is assigned to the
 * nearest slice; a voxel is inside when its centre is inside the slice's polygons by the even–odd rule.
 *
 * @param path RTSTRUCT file
 * @param target image grid (and its UIDs, checked when present)
 * @param options the ROI name
 * @returns a 0/1 mask on the target grid
 * @throws {DeepmarkerError} not an RTSTRUCT, ROI missing (names listed), other series, no contours
 *
 * @example Usage
 * ```ts ignore
 * import { readDicomSeries } from "./read_dicom_series.ts";
 * import { readRtstruct } from "./read_rtstruct.ts";
 * const ct = await readDicomSeries("pat1/ct");
 * const mask = await readRtstruct("pat1/rtstruct.dcm", ct, { roi: "GTV-1" });
 * ```
 */
export async function readRtstruct(
  path: string,
  target: RtstructTarget,
  options: ReadRtstructOptions,
): Promise<Volume<Uint8Array>> {
  let ds: DicomDataset;
  try {
    ds = parseDicomBytes(await Deno.readFile(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw fail(path, "file not found");
    throw fail(path, `not a DICOM file (${e instanceof Error ? e.message : String(e)})`);
  }
  const modality = ds.text("0008,0060");
  if (modality !== "RTSTRUCT") throw fail(path, `Modality is "${modality ?? ""}", expected "RTSTRUCT"`);
  const rois = ds.items("3006,0020").map((r) => ({ n: r.text("3006,0022"), name: r.text("3006,0026") ?? "" }));
  const want = options.roi.trim().toLowerCase();
  const roi = rois.find((r) => r.name.trim().toLowerCase() === want);
  if (!roi) throw fail(path, `ROI "${options.roi}" not found; present: ${rois.map((r) => `"${r.name}"`).join(", ")}`);
  const refs = referencedSeries(ds);
  if (target.seriesUid !== undefined && refs.length > 0 && !refs.includes(target.seriesUid)) {
    throw fail(path, `it references series ${refs.join(", ")}, not the image series ${target.seriesUid}`);
  }
  const frame = ds.items("3006,0020").find((r) => r.text("3006,0022") === roi.n)?.text("3006,0024");
  if (target.frameOfReferenceUid && frame && frame !== target.frameOfReferenceUid) {
    throw fail(path, `ROI "${roi.name}" is in frame of reference ${frame}, the image in ${target.frameOfReferenceUid}`);
  }
  const contours = ds.items("3006,0039").filter((c) => c.text("3006,0084") === roi.n)
    .flatMap((c) => c.items("3006,0040"))
    .filter((c) => (c.text("3006,0042") ?? "CLOSED_PLANAR") === "CLOSED_PLANAR")
    .map((c) => c.numbers("3006,0050") ?? [])
    .filter((pts) => pts.length >= 9 && pts.length % 3 === 0);
  if (contours.length === 0) throw fail(path, `ROI "${roi.name}" has no closed planar contour`);
  return rasterise(contours, target.volume, options.planeTolerance ?? 0.25);
}

function rasterise(contours: number[][], volume: Volume, tol: number): Volume<Uint8Array> {
  const [nx, ny, nz] = volume.dims;
  const inv = invertAffine(volume.affine);
  const bySlice = new Map<number, Float64Array[]>();
  for (const pts of contours) {
    const m = pts.length / 3;
    const ij = new Float64Array(2 * m);
    let kSum = 0;
    for (let p = 0; p < m; p++) {
      const x = -pts[3 * p]!; // LPS → RAS
      const y = -pts[3 * p + 1]!;
      const z = pts[3 * p + 2]!;
      ij[2 * p] = inv[0]! * x + inv[1]! * y + inv[2]! * z + inv[3]!;
      ij[2 * p + 1] = inv[4]! * x + inv[5]! * y + inv[6]! * z + inv[7]!;
      kSum += inv[8]! * x + inv[9]! * y + inv[10]! * z + inv[11]!;
    }
    const kf = kSum / m;
    const k = Math.round(kf);
    if (k < 0 || k >= nz || Math.abs(kf - k) > tol) continue; // off the grid's slices
    const list = bySlice.get(k) ?? [];
    list.push(ij);
    bySlice.set(k, list);
  }
  const out = new Uint8Array(nx * ny * nz);
  for (const [k, polys] of bySlice) fillPolygons(polys, nx, ny, out, k * nx * ny);
  return { data: out, dims: volume.dims, affine: volume.affine };
}
