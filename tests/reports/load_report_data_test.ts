import assert from "node:assert/strict";
import { DeepmarkerError } from "../../pipeline/errors.ts";
import { join } from "node:path";
import { loadReportData } from "../../reports/load_report_data.ts";
import { copyFixture, FIXTURE_DIR, loadFixture } from "./_fixture.ts";

Deno.test("loadReportData() reads every table of the fixture run with its stored values", async () => {
  const data = await loadReportData(FIXTURE_DIR);
  const files = new Map<string, string[]>();
  for (const name of ["ttest.csv", "roc.csv", "km.csv"]) {
    files.set(name, (await Deno.readTextFile(join(FIXTURE_DIR, name))).trim().split("\n"));
  }
  const text = (name: string) => files.get(name)!;
  assert.equal(data.ttest.length, text("ttest.csv").length - 1);
  assert.equal(data.roc.length, text("roc.csv").length - 1);
  const [feature, endpoint, , , , , p] = text("ttest.csv")[1]!.split(",");
  assert.deepEqual([data.ttest[0]!.feature, data.ttest[0]!.endpoint, data.ttest[0]!.p], [feature, endpoint, Number(p)]);
  const run = JSON.parse(await Deno.readTextFile(join(FIXTURE_DIR, "run.json")));
  assert.equal(data.manifest.specHash, run.spec_hash);
  assert.equal(
    data.manifest.stages.filter((s) => s.cached).length,
    run.stages.filter((s: { cached: boolean }) => s.cached).length,
  );
  assert.deepEqual(data.summary.endpoints.map((e) => e.endpoint), ["os2y", "os5y", "dss2y", "dss5y"]);
  assert.equal(data.km[0]!.nRisk, Number(text("km.csv")[1]!.split(",")[6]));
  const saliency = data.volumes.find((v) => v.kind === "saliency")!;
  assert.deepEqual(saliency.dims, [24, 24, 12]);
  assert.equal(saliency.background?.length, 24 * 24 * 12);
  const raw = new DataView((await Deno.readFile(join(FIXTURE_DIR, "saliency_os2y.f32"))).buffer);
  assert.equal(saliency.data[100], raw.getFloat32(400, true));
});

Deno.test("loadReportData() names the file that is missing", async () => {
  const dir = await copyFixture();
  try {
    await Deno.remove(join(dir, "metrics.csv"));
    await assert.rejects(() => loadReportData(dir), (e: Error) => {
      assert.ok(e instanceof Deno.errors.NotFound);
      assert.match(e.message, /file "metrics.csv" is missing/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportData() names file, line and column of a value that is not a number", async () => {
  const dir = await copyFixture();
  try {
    const lines = (await Deno.readTextFile(join(dir, "selected.csv"))).split("\n");
    lines[3] = lines[3]!.replace(/,\d+,/, ",third,");
    await Deno.writeTextFile(join(dir, "selected.csv"), lines.join("\n"));
    await assert.rejects(
      () => loadReportData(dir),
      DeepmarkerError,
      `Cannot read "${join(dir, "selected.csv")}": line 4, column "rank" is "third", expected a number`,
    );
    await Deno.writeTextFile(join(dir, "selected.csv"), "endpoint,feature\nos2y,C1\n");
    await assert.rejects(
      () => loadReportData(dir),
      DeepmarkerError,
      'expected the columns "endpoint,rank,feature,probability", found "endpoint,feature"',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportData() rejects a volume file of the wrong size", async () => {
  const dir = await copyFixture();
  try {
    await Deno.writeFile(join(dir, "ct_crop.f32"), new Uint8Array(12));
    await assert.rejects(() => loadReportData(dir), SyntaxError, "size is 12 bytes");
    const data = await loadReportData(dir, { skipVolumes: true });
    assert.equal(data.volumes.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportData() reads the saliency checks and names a malformed field", async () => {
  const stored = JSON.parse(await Deno.readTextFile(join(FIXTURE_DIR, "checks.json")));
  const data = await loadFixture();
  assert.equal(data.saliencyChecks.length, stored.length);
  const [c] = data.saliencyChecks;
  assert.deepEqual([c!.patient, c!.method, c!.modality], [stored[0].patient, stored[0].method, stored[0].modality]);
  assert.deepEqual(c!.deletion.curve, stored[0].deletion.curve);
  assert.deepEqual(c!.model.steps.map((s) => s.block), stored[0].model.steps.map((s: { block: string }) => s.block));
  const v = data.volumes.find((x) => x.kind === "saliency")!;
  assert.deepEqual([v.method, v.patient], [c!.method, c!.patient]);
  const dir = await copyFixture();
  try {
    stored[0].deletion.pass = "yes";
    await Deno.writeTextFile(join(dir, "checks.json"), JSON.stringify(stored));
    await assert.rejects(() => loadReportData(dir), SyntaxError, 'field "[0].deletion.pass" must be true or false');
    await Deno.remove(join(dir, "checks.json"));
    assert.deepEqual((await loadReportData(dir)).saliencyChecks, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
