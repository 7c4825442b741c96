/**
 * `clinical.csv` of the `ingest` stage: patient id, the survival columns, then the cohort's
 * covariates as text. One writer (RFC 4180 quoting, so an id holding a comma or quote survives)
 * and one reader.
 *
 * @module
 */
import { toCsv } from "../../csv.ts";
import { DeepmarkerError } from "../../errors.ts";
import { parseCsvRecords } from "../../csv.ts";
import { numberCell } from "./csv_table.ts";

/** The patients of a run with their survival columns, in `ingest` order. */
export interface Clinical {
  readonly ids: readonly string[];
  readonly osMonths: Float64Array;
  readonly osEvent: Float64Array;
  readonly dssEvent: Float64Array;
  /** Covariate names, in file order. */
  readonly covariates: readonly string[];
  /** Covariate values per patient (blank when absent). */
  readonly covariateValues: readonly (readonly string[])[];
}

/** File name of the clinical table. */
export const CLINICAL_FILE = "clinical.csv";
const SURVIVAL = ["patient_id", "os_months", "os_event", "dss_event"] as const;

/**
 * The text of `clinical.csv`.
 *
 * @param clinical the patients
 * @returns CSV text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatClinical, parseClinical } from "./clinical_table.ts";
 * const c = { ids: ['P"1'], osMonths: Float64Array.of(12), osEvent: Float64Array.of(1), dssEvent: Float64Array.of(0),
 *   covariates: ["stage"], covariateValues: [["2"]] };
 * const text = formatClinical(c);
 * assert.equal(text, 'patient_id,os_months,os_event,dss_event,stage\n"P""1",12,1,0,2\n');
 * assert.deepEqual(parseClinical(text, "clinical.csv").ids, ['P"1']);
 * ```
 */
export function formatClinical(clinical: Clinical): string {
  return toCsv(
    [...SURVIVAL, ...clinical.covariates],
    clinical.ids.map((id, i) => [
      id,
      clinical.osMonths[i]!,
      clinical.osEvent[i]!,
      clinical.dssEvent[i]!,
      ...clinical.covariateValues[i]!,
    ]),
  );
}

/**
 * Parse `clinical.csv`.
 *
 * @param text CSV text
 * @param path file, for errors
 * @returns the patients
 * @throws {DeepmarkerError} when the survival columns are not the first four, or a value is not a number
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseClinical } from "./clinical_table.ts";
 * assert.throws(() => parseClinical("id,os\nP1,1\n", "c.csv"), /expected the columns "patient_id,os_months/);
 * ```
 */
export function parseClinical(text: string, path: string): Clinical {
  const [header = [], ...rows] = parseCsvRecords(text);
  if (header.slice(0, 4).join(",") !== SURVIVAL.join(",")) {
    throw new DeepmarkerError(
      `Cannot read "${path}": expected the columns "${SURVIVAL.join(",")}" first, found "${header.join(",")}"`,
    );
  }
  const num = (c: number) => Float64Array.from(rows, (r, i) => numberCell(r[c] ?? "", path, i + 2, header[c]!));
  return {
    ids: rows.map((r) => r[0]!),
    osMonths: num(1),
    osEvent: num(2),
    dssEvent: num(3),
    covariates: header.slice(4),
    covariateValues: rows.map((r) => header.slice(4).map((_, c) => r[c + 4] ?? "")),
  };
}

/**
 * Write `dir/clinical.csv`.
 *
 * @param dir folder
 * @param clinical the patients
 *
 * @example Usage
 * ```ts ignore
 * await writeClinical(ctx.outDir, clinical);
 * ```
 */
export async function writeClinical(dir: string, clinical: Clinical): Promise<void> {
  await Deno.writeTextFile(`${dir}/${CLINICAL_FILE}`, formatClinical(clinical));
}

/**
 * Read `dir/clinical.csv`.
 *
 * @param dir folder (an `ingest` entry)
 * @returns the patients
 * @throws {DeepmarkerError} see {@linkcode parseClinical}
 *
 * @example Usage
 * ```ts ignore
 * const clinical = await readClinical(ctx.inputs.ingest!.dir);
 * ```
 */
export async function readClinical(dir: string): Promise<Clinical> {
  return parseClinical(await Deno.readTextFile(`${dir}/${CLINICAL_FILE}`), `${dir}/${CLINICAL_FILE}`);
}
