/**
 * Loading and validating a cohort folder (`cohort.csv` + images). The only file of
 * `pipeline/imaging/` that uses zod: rows are parsed here once, and typed {@linkcode Patient}
 * objects flow inward.
 *
 * @module
 */
import { isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { CohortError, type CohortProblem } from "../errors.ts";
import { parseCsvRecords } from "../csv.ts";
import { volumeFileFormat } from "./read_volume_file.ts";

const REQUIRED = ["patient_id", "ct", "pet", "mask", "mask_roi", "os_months", "os_event", "dss_event"] as const;
/** Columns read when present (not covariates): the volume of a 4D CT / PET file. */
const OPTIONAL = ["ct_volume", "pet_volume"] as const;

function text(what: string) {
  return z.string().trim().min(1, { error: `${what} is missing` });
}

function binary() {
  return z.string().trim().transform((v, ctx): 0 | 1 => {
    if (v === "0" || v === "1") return v === "1" ? 1 : 0;
    ctx.addIssue({ code: "custom", message: v === "" ? "value is missing" : `value "${v}" is not 0 or 1` });
    return z.NEVER;
  });
}

/** One `cohort.csv` row after validation (paths still relative to the folder). */
export const CohortRowSchema = z.object({
  patient_id: text("patient id"),
  ct: text("CT path"),
  pet: text("PET path"),
  mask: text("mask path"),
  mask_roi: z.string().trim(),
  os_months: z.string().trim().transform((v, ctx) => {
    const x = Number(v);
    if (v !== "" && Number.isFinite(x) && x >= 0) return x;
    ctx.addIssue({ code: "custom", message: v === "" ? "value is missing" : `value "${v}" is not a number ≥ 0` });
    return z.NEVER;
  }),
  os_event: binary(),
  dss_event: binary(),
  ct_volume: volumeIndex(),
  pet_volume: volumeIndex(),
});

function volumeIndex() {
  return z.string().trim().optional().transform((v, ctx): number | undefined => {
    if (v === undefined || v === "") return undefined;
    const x = Number(v);
    if (Number.isInteger(x) && x >= 0) return x;
    ctx.addIssue({ code: "custom", message: `value "${v}" is not a volume index (an integer ≥ 0)` });
    return z.NEVER;
  });
}

/** A validated `cohort.csv` row. */
export type CohortRow = z.infer<typeof CohortRowSchema>;

/** How an image or contour is stored. */
export type SourceKind = "nifti" | "nrrd" | "dicom" | "rtstruct";

/** A patient of a validated cohort, with paths joined to the cohort folder (absolute ones kept). */
export interface Patient {
  readonly id: string;
  readonly ct: string;
  readonly ctKind: "nifti" | "nrrd" | "dicom";
  /** Volume of a 4D CT file (`ct_volume`), when given. */
  readonly ctVolume?: number;
  readonly pet: string;
  readonly petKind: "nifti" | "nrrd" | "dicom";
  /** Volume of a 4D PET file (`pet_volume`), when given. */
  readonly petVolume?: number;
  readonly mask: string;
  readonly maskKind: "nifti" | "nrrd" | "rtstruct";
  /** RTSTRUCT ROI name, or a label value for a NIfTI label map; `""` = all non-zero voxels. */
  readonly maskRoi: string;
  readonly osMonths: number;
  readonly osEvent: 0 | 1;
  readonly dssEvent: 0 | 1;
  /** Extra columns: numbers where numeric, `null` where blank, else the text. */
  readonly covariates: Readonly<Record<string, number | string | null>>;
}

/** A loaded cohort: usable patients and the problems of those left out. */
export interface Cohort {
  readonly dir: string;
  readonly patients: readonly Patient[];
  /** Problems of skipped patients (empty unless `skipBad`). */
  readonly skipped: readonly CohortProblem[];
  /** Covariate column names, in file order. */
  readonly covariates: readonly string[];
}

/** Options of {@linkcode loadCohort}. */
export interface LoadCohortOptions {
  /**
   * Leave out patients with problems (recorded in `skipped`) instead of throwing.
   * @default false
   */
  readonly skipBad?: boolean;
}

const isFile = (p: string) => volumeFileFormat(p) !== undefined;

/**
 * Where a `cohort.csv` path points: relative paths are joined to the folder and must stay inside it
 * (lexically: `..` may not climb out; a symlink inside the folder is followed); absolute paths are kept.
 */
function locate(dir: string, rel: string): { path: string } | { problem: string } {
  if (isAbsolute(rel)) return { path: rel };
  const up = relative(resolve(dir), resolve(dir, rel));
  if (up === ".." || up.startsWith("../") || isAbsolute(up)) {
    return {
      problem:
        `path "${rel}" leads outside the cohort folder (relative paths must stay inside it; absolute paths are allowed)`,
    };
  }
  return { path: join(dir, rel) };
}

async function kindOf(path: string): Promise<"file" | "dir" | undefined> {
  try {
    const st = await Deno.stat(path);
    return st.isDirectory ? "dir" : "file";
  } catch {
    return undefined;
  }
}

async function checkPath(dir: string, rel: string, column: string, want: "file" | "dir"): Promise<string | undefined> {
  const where = locate(dir, rel);
  if ("problem" in where) return where.problem;
  const k = await kindOf(where.path);
  if (k === undefined) return `file "${rel}" not found`;
  if (k !== want) {
    return `"${rel}" is a ${k === "dir" ? "folder" : "file"}, expected a ${
      want === "dir" ? "DICOM series folder" : "file"
    } for ${column}`;
  }
  return undefined;
}

function covariate(v: string | undefined): number | string | null {
  const t = (v ?? "").trim();
  if (t === "") return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : t;
}

/**
 * Reads and validates `DIR/cohort.csv` without throwing: every problem of every row at once.
 * Checks columns, ids (missing, duplicate), clinical values (missing, not a number, impossible) and
 * that each referenced file or series folder exists. Does not decode images (see `checkCohort`).
 *
 * @param dir cohort folder
 * @returns valid patients and all problems (patient `"*"` for whole-file problems)
 */
export async function readCohort(dir: string): Promise<{ patients: Patient[]; problems: CohortProblem[] }> {
  const problems: CohortProblem[] = [];
  let rows: string[][];
  try {
    rows = parseCsvRecords(await Deno.readTextFile(`${dir}/cohort.csv`));
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "file not found" : e instanceof Error ? e.message : String(e);
    return { patients: [], problems: [{ patient: "*", column: "cohort.csv", problem: why }] };
  }
  const header = (rows.shift() ?? []).map((h) => h.trim());
  for (const c of REQUIRED) {
    if (!header.includes(c)) problems.push({ patient: "*", column: c, problem: "column is missing" });
  }
  if (problems.length) return { patients: [], problems };
  if (rows.length === 0) {
    return { patients: [], problems: [{ patient: "*", column: "cohort.csv", problem: "no patients" }] };
  }
  const extra = header.filter((h) => !([...REQUIRED, ...OPTIONAL] as readonly string[]).includes(h));
  const counts = new Map<string, number>();
  for (const r of rows) {
    counts.set(
      (r[header.indexOf("patient_id")] ?? "").trim(),
      (counts.get((r[header.indexOf("patient_id")] ?? "").trim()) ?? 0) + 1,
    );
  }
  const patients: Patient[] = [];
  for (const [n, r] of rows.entries()) {
    const rec = Object.fromEntries(header.map((h, c) => [h, r[c] ?? ""]));
    const id = (rec.patient_id ?? "").trim() || `row ${n + 2}`;
    const mine: CohortProblem[] = [];
    if (r.length !== header.length) {
      mine.push({
        patient: id,
        column: "cohort.csv",
        problem: `row ${n + 2} has ${r.length} fields, the header ${header.length}`,
      });
    }
    if ((counts.get(id) ?? 0) > 1) {
      mine.push({ patient: id, column: "patient_id", problem: `duplicate patient id (${counts.get(id)} rows)` });
    }
    const parsed = CohortRowSchema.safeParse(rec);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        mine.push({ patient: id, column: String(i.path[0] ?? "*"), problem: i.message });
      }
    }
    const row = parsed.success ? parsed.data : undefined;
    for (const col of ["ct", "pet", "mask"] as const) {
      const rel = (rec[col] ?? "").trim();
      if (rel === "") continue;
      const why = await checkPath(dir, rel, col, isFile(rel) || col === "mask" ? "file" : "dir");
      if (why) mine.push({ patient: id, column: col, problem: why });
    }
    for (const col of ["ct", "pet"] as const) {
      const v = (rec[`${col}_volume`] ?? "").trim();
      if (v !== "" && !isFile((rec[col] ?? "").trim())) {
        mine.push({
          patient: id,
          column: `${col}_volume`,
          problem: "a volume applies to a 4D NIfTI or NRRD file only",
        });
      }
    }
    if ((rec.dss_event ?? "").trim() === "1" && (rec.os_event ?? "").trim() === "0") {
      mine.push({ patient: id, column: "dss_event", problem: "disease-specific death (1) without death (os_event 0)" });
    }
    const mask = (rec.mask ?? "").trim();
    if (mask !== "" && !isFile(mask) && (rec.mask_roi ?? "").trim() === "") {
      mine.push({ patient: id, column: "mask_roi", problem: "an RTSTRUCT mask needs the ROI name" });
    }
    problems.push(...mine);
    if (mine.length || !row) continue;
    const at = (rel: string) => (locate(dir, rel) as { path: string }).path;
    patients.push({
      id,
      ct: at(row.ct),
      ctKind: volumeFileFormat(row.ct) ?? "dicom",
      ...(row.ct_volume !== undefined ? { ctVolume: row.ct_volume } : {}),
      pet: at(row.pet),
      petKind: volumeFileFormat(row.pet) ?? "dicom",
      ...(row.pet_volume !== undefined ? { petVolume: row.pet_volume } : {}),
      mask: at(row.mask),
      maskKind: volumeFileFormat(row.mask) ?? "rtstruct",
      maskRoi: row.mask_roi,
      osMonths: row.os_months,
      osEvent: row.os_event,
      dssEvent: row.dss_event,
      covariates: Object.fromEntries(extra.map((h) => [h, covariate(rec[h])])),
    });
  }
  return { patients, problems };
}

/**
 * Loads a cohort: validated patients with clinical values. Whole-file problems always throw; patient
 * problems throw all together, or with `skipBad` those patients are left out and listed in `skipped`.
 *
 * @param dir cohort folder (holding `cohort.csv`)
 * @param options `skipBad`
 * @returns the cohort
 * @throws {CohortError} with every problem in `problems`
 *
 * @example Usage
 * ```ts ignore
 * import { loadCohort } from "./cohort.ts";
 * const cohort = await loadCohort("data/lung", { skipBad: true });
 * console.log(cohort.patients.length, cohort.skipped);
 * ```
 */
export async function loadCohort(dir: string, options: LoadCohortOptions = {}): Promise<Cohort> {
  const { patients, problems } = await readCohort(dir);
  const fatal = problems.filter((p) => p.patient === "*");
  if (fatal.length || (problems.length && !options.skipBad) || patients.length === 0) {
    const all = problems.length ? problems : [{ patient: "*", column: "cohort.csv", problem: "no usable patients" }];
    throw new CohortError(cohortSummary(dir, all), all);
  }
  const header = patients[0] ? Object.keys(patients[0].covariates) : [];
  return { dir, patients, skipped: problems, covariates: header };
}

/**
 * One message listing problems, one per line.
 *
 * @param dir cohort folder
 * @param problems the problems
 * @returns `Cannot use cohort "DIR": N problems` and one line per problem
 */
export function cohortSummary(dir: string, problems: readonly CohortProblem[]): string {
  const lines = problems.map((p) => `  ${p.patient} · ${p.column}: ${p.problem}`);
  return `Cannot use cohort "${dir}": ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${
    lines.join("\n")
  }`;
}
