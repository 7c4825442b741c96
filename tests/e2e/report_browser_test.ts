/**
 * Browser test of a run report: playwright-core drives Debian's chromium (installed by CI via apt)
 * on the report of the fixture run, opened from file://. Ignored, with the reason printed, only
 * when /usr/bin/chromium is absent.
 */

import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { renderReport } from "../../reports/render_report.ts";
import { EXPECTED_IDS } from "../reports/_expected_ids.ts";
import { loadFixture } from "../reports/_fixture.ts";

/** The bits of DOM types used inside page callbacks (Deno's type check has no DOM lib). */
type PageImage = { complete: boolean; naturalWidth: number };
type PageRow = { cells: ArrayLike<{ dataset: Record<string, string | undefined> }> };

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = resolve(new URL("../../out/", import.meta.url).pathname, "report_browser.png");
let hasChromium = false;
try {
  hasChromium = Deno.statSync(CHROMIUM).isFile;
} catch {
  // deno-lint-ignore no-console
  console.warn(`report_browser_test: ignored because ${CHROMIUM} is absent (apt-get install chromium)`);
}

Deno.test({
  name: "renderReport() page works in chromium from file://: no errors, no outside requests, slider and sort",
  ignore: !hasChromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "report_browser_" });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    try {
      await renderReport(await loadFixture(), out);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const failed: string[] = [];
      const outside: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("requestfailed", (r) => failed.push(r.url()));
      page.on("request", (r) => {
        const url = r.url();
        if (!url.startsWith("data:") && !url.startsWith(`file://${out}/`)) outside.push(url);
      });
      await page.goto(`file://${join(out, "index.html")}`, { waitUntil: "load" });

      for (const id of EXPECTED_IDS) assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `#${id}`);
      assert.ok(await page.locator("#fig-2a svg").count() > 0);

      const img = page.locator("#fig-saliency-saliency_os2y-img");
      const before = await img.getAttribute("src");
      await page.locator('input[data-target="fig-saliency-saliency_os2y-img"]').focus();
      await page.keyboard.press("ArrowRight");
      const after = await img.getAttribute("src");
      assert.notEqual(after, before);
      assert.match(after!, /saliency_os2y_z006\.png$/);
      await page.waitForFunction((el) => (el as unknown as PageImage).complete, await img.elementHandle());
      assert.ok(await img.evaluate((el) => (el as unknown as PageImage).naturalWidth) === 24);

      const column = (i: number) =>
        page.locator("#table-selected tbody tr").evaluateAll(
          (rows, k) => rows.map((r) => (r as unknown as PageRow).cells[k]!.dataset.value ?? ""),
          i,
        );
      const initial = await column(4);
      await page.locator('#table-selected thead button[data-col="4"]').click();
      const asc = (await column(4)).map(Number);
      assert.deepEqual(asc, [...initial].map(Number).sort((a, b) => a - b));
      assert.notDeepEqual(asc, initial.map(Number));
      await page.locator('#table-selected thead button[data-col="4"]').click();
      assert.deepEqual(await column(4), [...initial].sort((a, b) => Number(b) - Number(a)));

      await Deno.mkdir(resolve(SCREENSHOT, ".."), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.deepEqual(errors, []);
      assert.deepEqual(failed, []);
      assert.deepEqual(outside, []);
    } finally {
      await browser.close();
      await Deno.remove(out, { recursive: true });
    }
  },
});
