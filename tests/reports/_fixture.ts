/**
 * Test helpers around the synthetic run in `fixtures/data/report/`: load it, or copy it into a
 * temp dir so a test can change a stored value.
 *
 * @module
 */

import { join } from "node:path";
import { loadReportData } from "../../reports/load_report_data.ts";
import type { ReportData } from "../../reports/report_data.ts";

/** Folder of the fixture run. */
export const FIXTURE_DIR = new URL("../../fixtures/data/report/", import.meta.url).pathname;

/** Load the fixture run. */
export function loadFixture(): Promise<ReportData> {
  return loadReportData(FIXTURE_DIR);
}

/** Copy the fixture run into a fresh temp dir and return its path. */
export async function copyFixture(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "report_fixture_" });
  for await (const e of Deno.readDir(FIXTURE_DIR)) {
    if (e.isFile) await Deno.copyFile(join(FIXTURE_DIR, e.name), join(dir, e.name));
  }
  return dir;
}

/** Every attribute value of `attr` in an HTML string. */
export function attributeValues(html: string, attr: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, "g"))].map((m) => m[1]!);
}
