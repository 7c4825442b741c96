/**
 * The report at the paper's width: the fixture run with its t-tests replaced by 110,592 features
 * (`C00000…`, `P00000…`: 55,296 per modality) × 4 endpoints and 20 selected features per endpoint,
 * rendered (Figures 2a–2c bin or thin what would otherwise be 110,592 SVG marks per endpoint) and
 * opened in Chromium (goal: the load event within 5 s). Baseline: rendering the fixture as it is.
 * Runs with `DEEPMARKER_BENCH_PAPER=1` (and Chromium at /usr/bin/chromium).
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import { createRng } from "../stats/random.ts";
import { loadReportData } from "../reports/load_report_data.ts";
import { renderReport } from "../reports/render_report.ts";
import type { ReportData } from "../reports/report_data.ts";

const FIXTURE = new URL("../fixtures/data/report/", import.meta.url).pathname;
const PER_MODALITY = 55_296;

/** The fixture with paper-width screening results (p uniform, a few hundred small per endpoint). */
export async function paperWidthData(): Promise<ReportData> {
  const base = await loadReportData(FIXTURE);
  const endpoints = [...new Set(base.ttest.map((r) => r.endpoint))];
  const rng = createRng(1, "paper-width");
  const names = ["C", "P"].flatMap((m) =>
    Array.from({ length: PER_MODALITY }, (_, i) => `${m}${String(i).padStart(5, "0")}`)
  );
  const ttest = endpoints.flatMap((endpoint) =>
    names.map((feature) => {
      const p = rng.uniform() ** 1.3;
      return { feature, endpoint, nEvent: 30, nNoEvent: 66, statistic: 1, df: 90, p, q: Math.min(1, p * 20) };
    })
  );
  const selected = endpoints.flatMap((endpoint) =>
    Array.from(
      { length: 20 },
      (_, k) => ({ endpoint, rank: k + 1, feature: names[(k * 5501) % names.length]!, probability: 0.5 }),
    )
  );
  return { ...base, ttest, selected, volumes: base.volumes };
}

if (Deno.env.get("DEEPMARKER_BENCH_PAPER") === "1") {
  const out = await Deno.makeTempDir({ prefix: "deepmarker-bench-report-" });
  const wide = await paperWidthData();
  const fixture = await loadReportData(FIXTURE);
  Deno.bench({
    name: "render the report at 110,592 features × 4 endpoints",
    group: "paper report",
    n: 1,
    warmup: 0,
    async fn() {
      await renderReport(wide, join(out, "wide"));
    },
  });
  Deno.bench({
    name: "render the fixture report (baseline)",
    group: "paper report",
    baseline: true,
    n: 1,
    warmup: 0,
    async fn() {
      await renderReport(fixture, join(out, "fixture"));
    },
  });
  Deno.bench({
    name: "open the 110,592-feature report in Chromium (load event)",
    group: "paper report",
    n: 3,
    warmup: 0,
    async fn(b) {
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox"],
      });
      const page = await browser.newPage();
      b.start();
      await page.goto(`file://${join(out, "wide", "index.html")}`, { waitUntil: "load" });
      b.end();
      await browser.close();
    },
  });
}
