// deno-lint-ignore-file no-console -- a developer script that prints a table
/**
 * `deno task bench`: runs every benchmark under `bench/`, prints one table — each figure beside its
 * group's baseline measured in the same run, as a ratio — and stores the figures in tracking (an
 * experiment called `bench`), so `runs compare` shows regressions between two bench runs.
 *
 * Usage: `deno task bench [FILTER]` (FILTER is passed to `deno bench --filter`).
 */
import { hostname } from "node:os";
import { codeVersion } from "../pipeline/engine/code_version.ts";
import { openWorkspace } from "../pipeline/engine/workspace.ts";

interface BenchResult {
  origin: string;
  group: string | null;
  name: string;
  baseline: boolean;
  results: Array<{ ok?: { avg: number; min: number; p75: number; n: number }; failed?: unknown }>;
}

const root = new URL("../", import.meta.url).pathname;
const args = ["bench", "-A", "--json", ...(Deno.args[0] ? ["--filter", Deno.args[0]] : []), "bench/"];
console.error(`bench: deno ${args.join(" ")}`);
const t0 = new Date().toISOString();
const out = await new Deno.Command(Deno.execPath(), { args, cwd: root, stdout: "piped", stderr: "inherit" }).output();
const text = new TextDecoder().decode(out.stdout);
const start = text.search(/^\{\s*$/m);
if (start < 0) {
  console.error(`bench: no JSON report from deno bench (exit ${out.code})\n${text}`);
  Deno.exit(1);
}
const extra = text.slice(0, start).trim();
if (extra) console.log(extra);
const report = JSON.parse(text.slice(start)) as { benches: BenchResult[]; cpu: string; runtime: string };
const rows: Array<{ file: string; group: string; name: string; ms: number; ratio: number | null }> = [];
for (const b of report.benches) {
  const ok = b.results[0]?.ok;
  if (!ok) continue;
  const base = report.benches.find((x) => x.origin === b.origin && x.group === b.group && x.baseline)?.results[0]?.ok;
  rows.push({
    file: b.origin.split("/").pop()!.replace(/_bench\.ts$/, ""),
    group: b.group ?? "",
    name: b.name,
    ms: ok.avg / 1e6,
    ratio: base && b.group ? base.avg / ok.avg : null,
  });
}
const w = Math.max(...rows.map((r) => `${r.file} ${r.group} ${r.name}`.length), 10);
console.log(`\n${"benchmark".padEnd(w)}  ${"mean ms".padStart(12)}  speed vs baseline`);
for (const r of rows) {
  const ratio = r.ratio === null ? "" : r.ratio === 1 ? "(baseline)" : `${r.ratio.toFixed(2)}×`;
  console.log(`${`${r.file} ${r.group} ${r.name}`.padEnd(w)}  ${r.ms.toFixed(3).padStart(12)}  ${ratio}`);
}
// The paper's two U-Nets (96 patients, 100 epochs, batch 2) at the measured cpu+blas step time.
const paperStep = rows.find((r) =>
  r.file === "blas" && r.group.startsWith("paper U-Net") && r.name === "cpu+blas paper step"
);
if (paperStep) {
  const hours = (2 * 100 * 48 * paperStep.ms) / 3.6e6;
  console.log(`\nprojected paper training (2 U-Nets × 96 patients × 100 epochs, cpu+blas): ${hours.toFixed(1)} h`);
}
console.log(`\n${report.cpu}, ${report.runtime}`);

const ws = await openWorkspace();
const version = await codeVersion(root);
const id = `bench-${t0.replace(/[-:]/g, "").replace("T", "-").slice(0, 15)}`;
await ws.tracker.startRun({
  id,
  experiment: "bench",
  variant: hostname(),
  specPath: "bench/",
  specText: "",
  params: { cpu: report.cpu },
  gitCommit: version.commit,
  gitDirty: version.dirty,
  denoVersion: version.deno,
  dependencies: version.dependencies,
  backend: "cpu",
  host: hostname(),
  startedAt: t0,
  endedAt: null,
  status: "running",
});
await ws.tracker.recordStage(
  {
    runId: id,
    stage: "bench",
    key: "",
    cacheHit: false,
    durationMs: 0,
    status: out.success ? "ok" : "failed",
    error: null,
  },
  rows.flatMap((r) => [
    { name: `${r.file}/${r.group}/${r.name}/ms`, value: r.ms },
    ...(r.ratio === null ? [] : [{ name: `${r.file}/${r.group}/${r.name}/ratio`, value: r.ratio }]),
  ]),
);
await ws.tracker.finishRun(id, { status: out.success ? "ok" : "failed", endedAt: new Date().toISOString() });
console.log(`stored as run ${id} (deno task bench; then: deno run -A main.ts runs compare <a> <b>)`);
if (!out.success) Deno.exit(out.code);
