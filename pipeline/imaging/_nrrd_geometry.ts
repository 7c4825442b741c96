/**
 * The voxel → RAS+ world affine of a NRRD header (private to `pipeline/imaging/`).
 *
 * NRRD's `space directions` are the columns of the index → world matrix and `space origin` its
 * translation, in the frame named by `space`; LPS (DICOM, ITK, 3D Slicer) and LAS become RAS+ by
 * negating the flipped world axes. Without `space directions`, `spacings` (and `axis mins` as origin)
 * give an axis-aligned grid in ITK's LPS convention, as SimpleITK and 3D Slicer read it.
 *
 * @module
 */
import { NrrdHeaderError } from "./_nrrd_header.ts";
import type { NrrdHeader } from "./_nrrd_header.ts";

/** Where the three spatial axes are, the non-spatial one if any, and the affine. */
export interface NrrdGeometry {
  /** NRRD axis numbers of world i, j, k. */
  readonly spatialAxes: readonly [number, number, number];
  /** The one non-spatial axis (volumes of a 4D file), if any. */
  readonly listAxis?: number;
  /** Row-major 4×4 voxel → RAS+ mm. */
  readonly affine: number[];
}

/** World-axis signs taking each named space to RAS. */
const SPACES: Record<string, readonly [number, number, number]> = {
  "right-anterior-superior": [1, 1, 1],
  "ras": [1, 1, 1],
  "left-anterior-superior": [-1, 1, 1],
  "las": [-1, 1, 1],
  "left-posterior-superior": [-1, -1, 1],
  "lps": [-1, -1, 1],
};

function vector(text: string, what: string): number[] {
  const v = text.replace(/[()]/g, "").split(",").map((x) => Number(x.trim()));
  if (v.length !== 3) throw new NrrdHeaderError(`${what} "${text}" is not a 3-vector`);
  return v;
}

function signsOf(h: NrrdHeader): readonly [number, number, number] {
  const space = h.fields.get("space")?.toLowerCase();
  if (space === undefined) {
    const dim = h.fields.get("space dimension");
    if (dim !== undefined && dim !== "3") throw new NrrdHeaderError(`space dimension is ${dim}, expected 3`);
    return SPACES.lps!; // an unnamed 3D space: ITK's physical frame
  }
  const s = SPACES[space];
  if (!s) {
    throw new NrrdHeaderError(
      `space "${space}" is not supported: RAS, LAS and LPS (right-anterior-superior, …) are`,
    );
  }
  return s;
}

function checkUnits(h: NrrdHeader): void {
  const units = h.fields.get("space units");
  if (units === undefined) return;
  for (const u of units.split(/\s+/).map((x) => x.replace(/"/g, ""))) {
    if (u !== "mm" && u !== "") throw new NrrdHeaderError(`space units are "${units}", expected "mm"`);
  }
}

/**
 * Spatial axes and affine of a parsed header.
 *
 * @param h the header
 * @returns the geometry
 * @throws {NrrdHeaderError} on an unsupported space, not exactly three spatial axes, malformed vectors
 */
export function nrrdGeometry(h: NrrdHeader): NrrdGeometry {
  checkUnits(h);
  const n = h.sizes.length;
  const dirText = h.fields.get("space directions");
  const columns: (number[] | undefined)[] = [];
  let origin = [0, 0, 0];
  const signs = signsOf(h);
  if (dirText !== undefined) {
    const tokens = dirText.match(/\([^)]*\)|none/gi) ?? [];
    if (tokens.length !== n) {
      throw new NrrdHeaderError(`space directions "${dirText}" name ${tokens.length} axes, the image has ${n}`);
    }
    for (const t of tokens) columns.push(t.toLowerCase() === "none" ? undefined : vector(t, "space direction"));
    const o = h.fields.get("space origin");
    if (o !== undefined) origin = vector(o, "space origin");
  } else {
    const kinds = h.fields.get("kinds")?.toLowerCase().split(/\s+/);
    const spacings = h.fields.get("spacings")?.split(/\s+/).map(Number);
    const mins = h.fields.get("axis mins")?.split(/\s+/).map(Number);
    const spatial: number[] = [];
    for (let a = 0; a < n; a++) {
      const k = kinds?.[a];
      if (k === undefined ? n === 3 : k === "domain" || k === "space") spatial.push(a);
    }
    for (let a = 0; a < n; a++) {
      const s = spacings?.[a];
      const step = s !== undefined && Number.isFinite(s) && s !== 0 ? s : 1;
      const axis = spatial.indexOf(a);
      columns.push(axis < 0 ? undefined : [0, 1, 2].map((r) => (r === axis ? step : 0)));
      if (axis >= 0 && mins?.[a] !== undefined && Number.isFinite(mins[a])) origin[axis] = mins[a]!;
    }
  }
  const spatialAxes = columns.flatMap((c, a) => (c ? [a] : []));
  const others = columns.flatMap((c, a) => (c ? [] : [a]));
  if (spatialAxes.length !== 3 || others.length > 1) {
    throw new NrrdHeaderError(
      `the image has ${spatialAxes.length} spatial and ${others.length} other axes, expected 3 spatial and at most 1 other`,
    );
  }
  const affine: number[] = [];
  for (let r = 0; r < 3; r++) {
    affine.push(...spatialAxes.map((a) => signs[r]! * columns[a]![r]! + 0), signs[r]! * origin[r]! + 0); // + 0: no -0
  }
  affine.push(0, 0, 0, 1);
  return {
    spatialAxes: spatialAxes as [number, number, number],
    ...(others.length ? { listAxis: others[0]! } : {}),
    affine,
  };
}
