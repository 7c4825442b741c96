/**
 * Reading one DICOM image series from a folder into a {@linkcode Volume} in RAS+ world coordinates.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { type DicomDataset, parseDicomBytes } from "./_dicom_dataset.ts";
import { decodeFrame } from "./_dicom_pixels.ts";
import { seriesGeometry } from "./_series_geometry.ts";
import type { Volume } from "./volume.ts";

/** Options of {@linkcode readDicomSeries}. */
export interface ReadDicomSeriesOptions {
  /**
   * SeriesInstanceUID to read when the folder holds several series.
   * @default the only image series in the folder (an error lists them when there are several)
   */
  readonly seriesUid?: string;
  /**
   * Largest distance of a slice from the regular grid (first to last slice), as a fraction of the
   * slice spacing, before the spacing counts as non-uniform (PET bed junctions are off by ~2 %).
   * @default 0.1
   */
  readonly spacingTolerance?: number;
}

/** A series read from disk: rescaled values, geometry and the identifiers RTSTRUCT/SUV need. */
export interface DicomSeries {
  /** Values after RescaleSlope/Intercept (HU for CT, Bq/ml or CNTS for PET), RAS+ affine. */
  readonly volume: Volume<Float32Array>;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string;
  readonly modality: string;
  /** SOPInstanceUIDs in slice order (k = 0, 1, …). */
  readonly sopInstanceUids: readonly string[];
  /** The instances' data sets in slice order (for SUV and other series-level tags). */
  readonly instances: readonly DicomDataset[];
}

function fail(dir: string, why: string): DeepmarkerError {
  return new DeepmarkerError(`Cannot read DICOM series "${dir}": ${why}`);
}

async function listInstances(dir: string): Promise<DicomDataset[]> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw fail(dir, "folder not found");
    if (e instanceof Deno.errors.NotADirectory) throw fail(dir, "not a folder");
    throw fail(dir, e instanceof Error ? e.message : String(e));
  }
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    // a symlinked slice counts when its target is a file (dangling links are skipped like other non-DICOM)
    if (e.isFile || (e.isSymlink && (await Deno.stat(`${dir}/${e.name}`).catch(() => undefined))?.isFile)) {
      names.push(e.name);
    }
  }
  names.sort();
  const out: DicomDataset[] = [];
  for (const name of names) {
    const bytes = await Deno.readFile(`${dir}/${name}`);
    let ds: DicomDataset;
    try {
      ds = parseDicomBytes(bytes);
    } catch (e) {
      const part10 = new TextDecoder().decode(bytes.subarray(128, 132)) === "DICM";
      if (part10) throw fail(dir, `file "${name}" is not readable DICOM (${e instanceof Error ? e.message : e})`);
      continue; // not DICOM: README, thumbnails, …
    }
    if (ds.raw.elements["x7fe00010"] && ds.has("0020,000e")) out.push(ds);
  }
  return out;
}

/**
 * Reads a DICOM image series (CT, PET, MR …) from a folder.
 *
 * Slices are ordered along the normal of ImageOrientationPatient; the slice spacing comes from the
 * positions (not SliceThickness); RescaleSlope/Intercept are applied per slice; DICOM's LPS patient
 * coordinates become RAS+ by negating x and y. Non-uniform spacing, gantry tilt, mixed orientations
 * and duplicate positions are refused.
 *
 * @param dir folder holding the series' files or symlinks to them (non-image and non-DICOM files are ignored)
 * @param options which series, spacing tolerance
 * @returns the volume with its identifiers
 * @throws {DeepmarkerError} naming the folder and the problem (several series → their UIDs listed)
 *
 * @example Usage
 * ```ts ignore
 * import { readDicomSeries } from "./read_dicom_series.ts";
 * const { volume, seriesUid } = await readDicomSeries("patient1/ct");
 * ```
 */
export async function readDicomSeries(dir: string, options: ReadDicomSeriesOptions = {}): Promise<DicomSeries> {
  const all = await listInstances(dir);
  if (all.length === 0) throw fail(dir, "no DICOM image files in the folder");
  const bySeries = Map.groupBy(all, (ds) => ds.text("0020,000e")!);
  let uid = options.seriesUid;
  if (uid === undefined) {
    if (bySeries.size > 1) {
      const list = [...bySeries].map(([u, l]) => `${u} (${l[0]!.text("0008,0060") ?? "?"}, ${l.length} files)`);
      throw fail(dir, `it holds ${bySeries.size} series, choose one by SeriesInstanceUID: ${list.join(", ")}`);
    }
    uid = bySeries.keys().next().value!;
  }
  const slices = bySeries.get(uid);
  if (!slices) throw fail(dir, `series "${uid}" not found; present: ${[...bySeries.keys()].join(", ")}`);
  if (slices.some((s) => (s.number("0028,0008") ?? 1) > 1)) {
    throw fail(dir, "multi-frame (enhanced) images are not supported");
  }
  const geo = seriesGeometry(slices, options.spacingTolerance ?? 0.1);
  if (typeof geo === "string") throw fail(dir, geo);
  const { order, affine, dims } = geo;
  const [nx, ny] = dims;
  const data = new Float32Array(nx * ny * order.length);
  const sorted = order.map((n) => slices[n]!);
  sorted.forEach((ds, k) => {
    let px;
    try {
      px = decodeFrame(ds);
    } catch (e) {
      throw fail(dir, `slice ${ds.text("0008,0018")}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const slope = ds.number("0028,1053") ?? 1;
    const inter = ds.number("0028,1052") ?? 0;
    const base = k * nx * ny;
    for (let p = 0; p < nx * ny; p++) data[base + p] = px[p]! * slope + inter;
  });
  const first = sorted[0]!;
  return {
    volume: { data, dims, affine },
    seriesUid: uid,
    frameOfReferenceUid: first.text("0020,0052") ?? "",
    modality: first.text("0008,0060") ?? "",
    sopInstanceUids: sorted.map((ds) => ds.text("0008,0018") ?? ""),
    instances: sorted,
  };
}
