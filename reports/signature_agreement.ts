/**
 * Do differently trained networks find the same signature? Feature *names* cannot say: unit C137 of one
 * training has nothing to do with unit C137 of another. This compares what is comparable across trainings,
 * patient by patient, per endpoint and over every pair of variants:
 * - the patients' predicted risks (the signature's logistic score): Spearman ρ, and the overlap (Jaccard) of
 *   the high-risk halves (median split, as the Kaplan–Meier groups);
 * - the selected units matched across networks by the correlation of their values over patients: each unit of
 *   one variant gets the unit of the other variant's signature with the largest |r|;
 * - how much of each unit is explained by the other variant's whole signature: adjusted R² of a least-squares
 *   fit (cross-prediction), averaged over units.
 *
 * @module
 */
import { pearson } from "../stats/pearson.ts";
import { spearman } from "../stats/spearman.ts";
import type { RiskRow, SignatureValueRow } from "./report_data.ts";

/** One variant's per-patient data (`risk.csv`, `signature.csv`). */
export interface VariantSignature {
  readonly name: string;
  readonly risks: readonly RiskRow[];
  readonly values: readonly SignatureValueRow[];
}

/** A unit of variant `a` matched to the unit of variant `b` it correlates with most. */
export interface UnitMatch {
  readonly a: string;
  readonly b: string;
  readonly unit: string;
  readonly match: string;
  readonly r: number;
}

/** Agreement of one endpoint's signatures across variants (means over pairs; NaN when not computable). */
export interface SignatureAgreement {
  readonly endpoint: string;
  /** Variant pairs compared (unordered). */
  readonly pairs: number;
  /** Spearman ρ of the predicted risks: mean and smallest over pairs. */
  readonly riskRho: number;
  readonly riskRhoMin: number;
  /** Jaccard overlap of the high-risk halves: mean over pairs. */
  readonly highRiskOverlap: number;
  /** |r| of each unit with its best match in the other variant: mean and smallest over units and ordered pairs. */
  readonly matchedR: number;
  readonly matchedRMin: number;
  /** Adjusted R² of each unit from the other variant's whole signature, mean over units and ordered pairs. */
  readonly crossR2: number;
  /** The matches, every ordered pair. */
  readonly matches: readonly UnitMatch[];
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);

/** Adjusted R² of `y` on the columns `xs` (with intercept), by modified Gram–Schmidt. */
function adjustedR2(y: readonly number[], xs: readonly (readonly number[])[]): number {
  const n = y.length;
  const centre = (v: readonly number[]) => {
    const m = mean(v);
    return v.map((x) => x - m);
  };
  const yc = centre(y);
  const yy = yc.reduce((s, v) => s + v * v, 0);
  if (!(yy > 0)) return NaN;
  const basis: number[][] = [];
  for (const x of xs) {
    const q = centre(x);
    for (const b of basis) {
      const d = q.reduce((s, v, i) => s + v * b[i]!, 0);
      for (let i = 0; i < n; i++) q[i] = q[i]! - d * b[i]!;
    }
    const norm = Math.sqrt(q.reduce((s, v) => s + v * v, 0));
    if (norm > 1e-9 * Math.sqrt(n)) basis.push(q.map((v) => v / norm));
  }
  const k = basis.length;
  if (n - k - 1 <= 0) return NaN;
  const explained = basis.reduce((s, b) => s + b.reduce((t, v, i) => t + v * yc[i]!, 0) ** 2, 0);
  const r2 = explained / yy;
  return 1 - ((1 - r2) * (n - 1)) / (n - k - 1);
}

/** Per-unit value vectors of one variant's endpoint, on the given patient order. */
function unitColumns(v: VariantSignature, endpoint: string, patients: readonly string[]): Map<string, number[]> {
  const byUnit = new Map<string, Map<string, number>>();
  for (const r of v.values) {
    if (r.endpoint !== endpoint) continue;
    if (!byUnit.has(r.feature)) byUnit.set(r.feature, new Map());
    byUnit.get(r.feature)!.set(r.patient, r.value);
  }
  return new Map([...byUnit].map(([unit, m]) => [unit, patients.map((p) => m.get(p) ?? NaN)]));
}

function correlation(x: readonly number[], y: readonly number[]): number {
  const ok = x.map((_, i) => Number.isFinite(x[i]!) && Number.isFinite(y[i]!));
  const a = x.filter((_, i) => ok[i]);
  const b = y.filter((_, i) => ok[i]);
  return a.length >= 3 ? pearson(a, b).estimate : NaN;
}

/**
 * Agreement of the variants' signatures, per endpoint (see the module doc).
 *
 * @param variants each variant's name, risks and selected-feature values
 * @returns one row per endpoint present in every variant, in first-seen order
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { signatureAgreement } from "./signature_agreement.ts";
 * const ids = ["a", "b", "c", "d", "e", "f"];
 * const x = [1, 3, 2, 5, 4, 6];
 * const variant = (name: string, unit: string, k: number) => ({
 *   name,
 *   risks: ids.map((patient, i) => ({ endpoint: "os2y", patient, risk: k * x[i]! })),
 *   values: ids.map((patient, i) => ({ endpoint: "os2y", patient, feature: unit, value: k * x[i]! + 1 })),
 * });
 * const [row] = signatureAgreement([variant("s1", "C1", 1), variant("s2", "C9", 2)]);
 * assert.equal(row!.riskRho, 1);
 * assert.equal(row!.matchedR, 1);
 * assert.deepEqual(row!.matches.map((m) => [m.unit, m.match]), [["C1", "C9"], ["C9", "C1"]]);
 * ```
 */
export function signatureAgreement(variants: readonly VariantSignature[]): SignatureAgreement[] {
  const endpoints = [...new Set(variants.flatMap((v) => v.risks.map((r) => r.endpoint)))]
    .filter((e) => variants.every((v) => v.risks.some((r) => r.endpoint === e)));
  return endpoints.map((endpoint) => {
    const risk = variants.map((v) =>
      new Map(v.risks.filter((r) => r.endpoint === endpoint).map((r) => [r.patient, r.risk]))
    );
    const rhos: number[] = [];
    const overlaps: number[] = [];
    const matches: UnitMatch[] = [];
    const r2s: number[] = [];
    for (let a = 0; a < variants.length; a++) {
      for (let b = a + 1; b < variants.length; b++) {
        const patients = [...risk[a]!.keys()].filter((p) => risk[b]!.has(p)).sort();
        if (patients.length < 3) continue;
        const ra = patients.map((p) => risk[a]!.get(p)!);
        const rb = patients.map((p) => risk[b]!.get(p)!);
        rhos.push(spearman(ra, rb));
        const high = (r: number[]) => {
          const median = [...r].sort((x, y) => x - y)[Math.floor(r.length / 2)]!;
          return new Set(patients.filter((_, i) => r[i]! >= median));
        };
        const [ha, hb] = [high(ra), high(rb)];
        const shared = [...ha].filter((p) => hb.has(p)).length;
        overlaps.push(shared / new Set([...ha, ...hb]).size);
        const units = [unitColumns(variants[a]!, endpoint, patients), unitColumns(variants[b]!, endpoint, patients)];
        for (const [from, to] of [[0, 1], [1, 0]] as const) {
          const others = [...units[to]!];
          for (const [unit, x] of units[from]!) {
            let best: { match: string; r: number } | undefined;
            for (const [match, y] of others) {
              const r = correlation(x, y);
              if (Number.isFinite(r) && (best === undefined || Math.abs(r) > Math.abs(best.r))) best = { match, r };
            }
            if (best) {
              matches.push({
                a: variants[from === 0 ? a : b]!.name,
                b: variants[to === 0 ? a : b]!.name,
                unit,
                ...best,
              });
            }
            if (x.every(Number.isFinite) && others.every(([, y]) => y.every(Number.isFinite))) {
              r2s.push(adjustedR2(x, others.map(([, y]) => y)));
            }
          }
        }
      }
    }
    const absR = matches.map((m) => Math.abs(m.r));
    return {
      endpoint,
      pairs: rhos.length,
      riskRho: mean(rhos),
      riskRhoMin: rhos.length ? Math.min(...rhos) : NaN,
      highRiskOverlap: mean(overlaps),
      matchedR: mean(absR),
      matchedRMin: absR.length ? Math.min(...absR) : NaN,
      crossR2: mean(r2s.filter(Number.isFinite)),
      matches,
    };
  });
}
