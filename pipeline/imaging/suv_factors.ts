/**
 * SUV scale factors from PET header tags (QIBA vendor-neutral pseudo-code).
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";

/** The PET tags SUV needs, by DICOM keyword (one record per instance). */
export interface PetSuvTags {
  readonly Units?: string;
  readonly DecayCorrection?: string;
  readonly CorrectedImage?: readonly string[] | string;
  readonly SeriesDate?: string;
  readonly SeriesTime?: string;
  readonly AcquisitionDate?: string;
  readonly AcquisitionTime?: string;
  readonly RadiopharmaceuticalStartDateTime?: string;
  readonly RadiopharmaceuticalStartTime?: string;
  readonly RadionuclideTotalDose?: number;
  readonly RadionuclideHalfLife?: number;
  readonly PatientWeight?: number;
  /** Metres. */
  readonly PatientSize?: number;
  readonly PatientSex?: string;
  readonly FrameReferenceTime?: number;
  readonly ActualFrameDuration?: number;
  /** Philips private (7053,1000) and (7053,1009). */
  readonly PhilipsPETPrivateGroup?: {
    readonly SUVScaleFactor?: number | string;
    readonly ActivityConcentrationScaleFactor?: number | string;
  };
  /** GE private post-injection scan date-time (0009,100D). */
  readonly GEPrivatePostInjectionDateTime?: string;
}

/** SUV normalisations. */
export type SuvMethod = "bw" | "bsa" | "lbm" | "lbmJanmahasatian";

/** Options of {@linkcode suvFactors}. */
export interface SuvFactorsOptions {
  /**
   * Normalisation: body weight, body surface area (cm², Du Bois), lean body mass (James or Janmahasatian).
   * @default "bw"
   */
  readonly method?: SuvMethod;
}

const TAGS: Record<string, string> = {
  Units: "Units (0054,1001)",
  DecayCorrection: "DecayCorrection (0054,1102)",
  SeriesDate: "SeriesDate (0008,0021)",
  SeriesTime: "SeriesTime (0008,0031)",
  RadiopharmaceuticalStartTime: "RadiopharmaceuticalStartTime (0018,1072)",
  RadionuclideTotalDose: "RadionuclideTotalDose (0018,1074)",
  RadionuclideHalfLife: "RadionuclideHalfLife (0018,1075)",
  PatientWeight: "PatientWeight (0010,1030)",
  PatientSize: "PatientSize (0010,1020)",
  PatientSex: "PatientSex (0010,0040)",
};

function fail(why: string): DeepmarkerError {
  return new DeepmarkerError(`Cannot compute SUV: ${why}`);
}

function need<K extends keyof PetSuvTags>(t: PetSuvTags, k: K): NonNullable<PetSuvTags[K]> {
  const v = t[k];
  if (v === undefined || v === null || v === "" || (typeof v === "number" && !Number.isFinite(v))) {
    throw fail(`missing DICOM tag ${TAGS[k] ?? k}`);
  }
  return v as NonNullable<PetSuvTags[K]>;
}

/** Seconds since 1970 (UTC, no zone) of DICOM DA + TM, or a DT. */
function seconds(date: string, time = ""): number {
  const dt = (date.trim() + time.trim()).replace(/[+-]\d{4}$/, "");
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(\.\d+)?$/.exec(dt);
  if (!m) throw fail(`cannot parse date-time "${date}${time}"`);
  const [, y, mo, d, h = "0", mi = "0", s = "0", f = ""] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) / 1000 + (f ? Number(f) : 0);
}

function bodyFactor(t: PetSuvTags, method: SuvMethod): number {
  const w = need(t, "PatientWeight");
  if (!(w > 0)) throw fail(`PatientWeight (0010,1030) is ${w}, expected > 0`);
  if (method === "bw") return w * 1000;
  const h = need(t, "PatientSize");
  if (!(h > 0)) throw fail(`PatientSize (0010,1020) is ${h}, expected > 0`);
  if (method === "bsa") return Math.pow(w, 0.425) * Math.pow(h * 100, 0.725) * 71.84;
  const sex = need(t, "PatientSex").trim().toUpperCase();
  if (sex !== "M" && sex !== "F") throw fail(`PatientSex (0010,0040) is "${sex}", expected "M" or "F"`);
  if (method === "lbm") {
    const r = w / (h * 100);
    return 1000 * (sex === "M" ? 1.1 * w - 128 * r * r : 1.07 * w - 148 * r * r);
  }
  const bmi = w / (h * h);
  return 1000 * (sex === "M" ? (9270 * w) / (6680 + 216 * bmi) : (9270 * w) / (8780 + 244 * bmi));
}

function scanStart(all: readonly PetSuvTags[], t: PetSuvTags): number {
  const series = seconds(need(t, "SeriesDate"), need(t, "SeriesTime"));
  const acq = all.filter((x) => x.AcquisitionTime).map((x) =>
    seconds(x.AcquisitionDate ?? t.SeriesDate!, x.AcquisitionTime)
  );
  const earliest = acq.length ? Math.min(...acq) : series;
  if (series <= earliest) return series;
  if (t.GEPrivatePostInjectionDateTime) return seconds(t.GEPrivatePostInjectionDateTime);
  const ref = t.FrameReferenceTime ?? 0;
  const dur = t.ActualFrameDuration ?? 0;
  if (ref > 0 && dur > 0) { // QIBA: back from the frame's reference time to its start
    const lambda = Math.LN2 / need(t, "RadionuclideHalfLife");
    const decay = lambda * (dur / 1000);
    const avg = Math.log(decay / (1 - Math.exp(-decay))) / lambda;
    return earliest - ref / 1000 + avg;
  }
  return earliest;
}

/**
 * Per-instance factors turning rescaled PET values into SUV (g/ml): BQML decay-corrected according to
 * DecayCorrection (START: to the scan start, ADMIN: already at injection, NONE: per-instance acquisition
 * time), CNTS through the Philips SUVScaleFactor (or ActivityConcentrationScaleFactor), GML passes
 * through (factor 1). Injection time from RadiopharmaceuticalStartDateTime, else SeriesDate +
 * RadiopharmaceuticalStartTime.
 *
 * @param instances tags of each instance (series-level tags must agree)
 * @param options normalisation
 * @returns one factor per instance
 * @throws {DeepmarkerError} naming the missing or impossible tag
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { suvFactors } from "./suv_factors.ts";
 * const [f] = suvFactors([{ Units: "BQML", DecayCorrection: "ADMIN", CorrectedImage: ["ATTN", "DECY"],
 *   PatientWeight: 75, RadionuclideTotalDose: 100, RadionuclideHalfLife: 10,
 *   SeriesDate: "20201023", SeriesTime: "095417", RadiopharmaceuticalStartTime: "095417" }]);
 * assert.equal(f, 750);
 * ```
 */
export function suvFactors(instances: readonly PetSuvTags[], options: SuvFactorsOptions = {}): number[] {
  const t = instances[0];
  if (!t) throw fail("no instances");
  const units = need(t, "Units").trim().toUpperCase();
  for (const k of ["Units", "DecayCorrection", "RadionuclideTotalDose", "PatientWeight", "SeriesTime"] as const) {
    if (instances.some((x) => String(x[k] ?? "").trim() !== String(t[k] ?? "").trim())) {
      throw fail(`${TAGS[k]} differs between instances of the series`);
    }
  }
  if (units === "GML") return instances.map(() => 1);
  if (units !== "BQML" && units !== "CNTS") throw fail(`Units (0054,1001) is "${units}", expected BQML, CNTS or GML`);
  const corrected = typeof t.CorrectedImage === "string" ? t.CorrectedImage.split("\\") : t.CorrectedImage ?? [];
  const decayMode = need(t, "DecayCorrection").trim().toUpperCase();
  if (!corrected.includes("ATTN")) throw fail("CorrectedImage (0028,0051) lacks ATTN (not attenuation corrected)");
  if (decayMode !== "NONE" && !corrected.includes("DECY")) throw fail("CorrectedImage (0028,0051) lacks DECY");
  let unitFactor = 1;
  if (units === "CNTS") {
    const p = t.PhilipsPETPrivateGroup ?? {};
    const suv = Number(p.SUVScaleFactor ?? 0);
    if (suv > 0 && (options.method ?? "bw") === "bw") return instances.map(() => suv);
    unitFactor = Number(p.ActivityConcentrationScaleFactor ?? 0);
    if (!(unitFactor > 0)) throw fail("Units CNTS without Philips SUVScaleFactor or ActivityConcentrationScaleFactor");
  }
  const dose = need(t, "RadionuclideTotalDose");
  const half = need(t, "RadionuclideHalfLife");
  const body = bodyFactor(t, options.method ?? "bw");
  const injection = t.RadiopharmaceuticalStartDateTime?.trim()
    ? seconds(t.RadiopharmaceuticalStartDateTime)
    : seconds(need(t, "SeriesDate"), need(t, "RadiopharmaceuticalStartTime"));
  const at = (x: PetSuvTags) =>
    decayMode === "ADMIN"
      ? injection
      : decayMode === "START"
      ? scanStart(instances, t)
      : decayMode === "NONE"
      ? seconds(x.AcquisitionDate ?? need(t, "SeriesDate"), x.AcquisitionTime ?? need(t, "SeriesTime"))
      : NaN;
  if (!["ADMIN", "START", "NONE"].includes(decayMode)) {
    throw fail(`DecayCorrection (0054,1102) is "${decayMode}", expected START, ADMIN or NONE`);
  }
  if (decayMode === "ADMIN" && t.SeriesDate && t.SeriesTime) {
    // the images are decay-corrected to the injection, so no decay factor depends on the scan time;
    // an injection after the scan still means a wrong date or time tag, and a wrong SUV elsewhere
    const late = injection - scanStart(instances, t);
    if (late > 0) throw fail(`injection time is ${late} s after the scan start (DecayCorrection ADMIN)`);
  }
  return instances.map((x) => {
    const dt = at(x) - injection;
    if (dt < 0) throw fail(`injection time is ${-dt} s after the scan start`);
    return (unitFactor * body) / (dose * Math.pow(2, -dt / half));
  });
}
