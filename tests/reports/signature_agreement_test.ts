import assert from "node:assert/strict";
import { signatureAgreement } from "../../reports/signature_agreement.ts";
import { createRng } from "../../stats/random.ts";

const rng = createRng(11, "signature-agreement-test");
const ids = Array.from({ length: 60 }, (_, i) => `S${String(i).padStart(3, "0")}`);
const noise = () => ids.map(() => rng.normal());

/** A variant whose units are the given columns under the given names, and whose risk is their sum. */
function variant(name: string, units: Record<string, number[]>) {
  const risk = ids.map((_, i) => Object.values(units).reduce((s, u) => s + u[i]!, 0));
  return {
    name,
    risks: ids.map((patient, i) => ({ endpoint: "os2y", patient, risk: risk[i]! })),
    values: Object.entries(units).flatMap(([feature, u]) =>
      ids.map((patient, i) => ({ endpoint: "os2y", patient, feature, value: u[i]! }))
    ),
  };
}

Deno.test("signatureAgreement(): the same signature under other unit names agrees; an unrelated one does not", () => {
  const [u, v, w] = [noise(), noise(), noise()];
  const a = variant("seed1", { C001: u, C002: v, C003: w });
  // Another training: the same three features renamed, reordered, rescaled and slightly noisy.
  const b = variant("seed2", {
    C417: w.map((x) => 2 * x + 0.1 * rng.normal()),
    C012: u.map((x) => -x + 0.1 * rng.normal()),
    C999: v.map((x) => 0.5 * x + 0.05 * rng.normal()),
  });
  const c = variant("seed3", { C001: noise(), C002: noise(), C003: noise() });
  const [same] = signatureAgreement([a, b]);
  assert.equal(same!.pairs, 1);
  const pairs = new Map(same!.matches.filter((m) => m.a === "seed1").map((m) => [m.unit, m.match]));
  assert.deepEqual(Object.fromEntries(pairs), { C001: "C012", C002: "C999", C003: "C417" });
  assert.ok(same!.matchedRMin > 0.95 && same!.crossR2 > 0.9, JSON.stringify(same));
  const [apart] = signatureAgreement([a, c]);
  assert.ok(apart!.matchedR < 0.45 && apart!.crossR2 < 0.2, JSON.stringify(apart));
  assert.ok(Math.abs(apart!.riskRho) < 0.35 && apart!.highRiskOverlap < 0.6, JSON.stringify(apart));
  // Name overlap would call a and c identical (same names) and a and b disjoint: the opposite of the truth.
  assert.equal(signatureAgreement([a, b, c])[0]!.pairs, 3);
});
