// deno-lint-ignore-file camelcase -- field names of the R reference JSON
import assert from "node:assert/strict";
import { coxRegression, harrellC, kaplanMeier, logRank } from "../../stats/mod.ts";
import { assertClose, numbers, readCsv, readJson } from "./_reference.ts";

interface CoxRef {
  coef: number;
  se: number;
  p_wald: number;
  hr_ci95: number[];
  loglik_null: number;
  loglik: number;
  lr_test: number;
  wald_test: number;
  score_test: number;
}

async function data() {
  const csv = await readCsv("data/survival.csv");
  const group = csv.rows.map((r) => r[4]!);
  return { time: numbers(csv, "time"), event: numbers(csv, "event"), x: numbers(csv, "x"), group };
}

Deno.test("kaplanMeier() matches R survfit (table, Greenwood SE, log CI, medians)", async () => {
  const d = await data();
  const ref = await readCsv("expected/survival_km.csv");
  const tests = await readJson<{ km_median: Record<string, (number | null)[]> }>("expected/survival_tests.json");
  for (const stratum of ["all", "A", "B"]) {
    const rows = d.time.map((_, i) => i).filter((i) => stratum === "all" || d.group[i] === stratum);
    const km = kaplanMeier(rows.map((i) => d.time[i]!), rows.map((i) => d.event[i]!));
    const r = ref.rows.map((_row, k) => k).filter((k) => ref.rows[k]![0] === stratum);
    const col = (name: string) => numbers(ref, name).filter((_, k) => r.includes(k));
    assert.deepEqual([...km.time], col("time"));
    assert.deepEqual([...km.nRisk], col("n_risk"));
    assert.deepEqual([...km.nEvent], col("n_event"));
    assert.deepEqual([...km.nCensor], col("n_censor"));
    col("surv").forEach((v, k) => assertClose(km.survival[k]!, v, { abs: 1e-12 }, `surv ${stratum} ${k}`));
    col("std_err_surv").forEach((v, k) => assertClose(km.standardError[k]!, v, { abs: 1e-10 }, `se ${k}`));
    col("lower95").forEach((v, k) => assertClose(km.lower[k]!, v, { abs: 1e-9 }, `lo ${k}`));
    col("upper95").forEach((v, k) => assertClose(km.upper[k]!, v, { abs: 1e-9 }, `hi ${k}`));
    assert.equal(km.median, tests.km_median[stratum]![0]);
  }
});

Deno.test("logRank() matches R survdiff", async () => {
  const d = await data();
  const ref = (await readJson<
    {
      logrank: {
        chisq: number;
        p: number;
        observed: Record<string, number>;
        expected: Record<string, number>;
        variance_A: number;
      };
    }
  >(
    "expected/survival_tests.json",
  )).logrank;
  const r = logRank(d.time, { event: d.event, group: d.group.map((g) => (g === "A" ? 1 : 0)) });
  assertClose(r.statistic, ref.chisq, { rel: 1e-9 }, "chisq");
  assertClose(r.pValue, ref.p, { rel: 1e-6 }, "p");
  assert.deepEqual(r.observed, [ref.observed.A, ref.observed.B]);
  assertClose(r.expected[0], ref.expected.A!, { rel: 1e-12 }, "E_A");
  assertClose(r.variance, ref.variance_A, { rel: 1e-12 }, "V");
});

Deno.test("coxRegression() matches R coxph with Efron and Breslow ties", async () => {
  const d = await data();
  const ref = await readJson<{ cox: Record<string, CoxRef> }>("expected/survival_tests.json");
  for (const ties of ["efron", "breslow"] as const) {
    const e = ref.cox[ties]!;
    const r = coxRegression(d.time, d.event, { covariate: d.x, ties });
    assertClose(r.estimate, e.coef, { rel: 1e-6 }, "coef");
    assertClose(r.standardError, e.se, { rel: 1e-6 }, "se");
    assertClose(r.pValue, e.p_wald, { rel: 1e-6 }, "p");
    assertClose(r.ci[0], e.hr_ci95[0]!, { rel: 1e-6 }, "ci");
    assertClose(r.logLikelihood[0], e.loglik_null, { rel: 1e-9 }, "ll0");
    assertClose(r.logLikelihood[1], e.loglik, { rel: 1e-9 }, "ll");
    assertClose(r.tests.lr, e.lr_test, { rel: 1e-6 }, "lr");
    assertClose(r.tests.wald, e.wald_test, { rel: 1e-6 }, "wald");
    assertClose(r.tests.score, e.score_test, { rel: 1e-6 }, "score");
  }
});

Deno.test("harrellC() matches R concordance counts and C", async () => {
  const d = await data();
  const ref = (await readJson<{ concordance: { c_index: number; counts: Record<string, number> } }>(
    "expected/survival_tests.json",
  ))
    .concordance;
  const r = harrellC(d.time, { event: d.event, risk: d.x });
  assert.equal(r.concordant, ref.counts.concordant);
  assert.equal(r.discordant, ref.counts.discordant);
  assert.equal(r.tiedX, ref.counts["tied.x"]);
  assert.equal(r.tiedY, ref.counts["tied.y"]);
  assertClose(r.estimate, ref.c_index, { abs: 1e-12 }, "C");
});

Deno.test("survival functions reject bad input", () => {
  assert.throws(() => kaplanMeier([1, -2], [1, 0]), RangeError);
  assert.throws(() => kaplanMeier([1, 2], [1, 2]), RangeError);
  assert.throws(() => logRank([1, 2], { event: [1, 1], group: [1, 1] }), RangeError);
  assert.throws(() => coxRegression([1, 2], [1, 1], { covariate: [NaN, 1] }), RangeError);
});
