/**
 * `out/index.html`: every experiment and run from the tracking database (not by scanning HTML),
 * with links to the reports that exist. Rewritten after every run, by `report --index`, and after
 * `runs rm`.
 *
 * @module
 */
import { join } from "node:path";
import { runSummaries, type RunSummary } from "../engine/run_summaries.ts";
import type { Workspace } from "../engine/workspace.ts";
import { type IndexRun, type RocPoint, runsIndexHtml } from "../../reports/runs_index.ts";
import { rocTable } from "./artifacts/stats_tables.ts";

/**
 * The index rows: tracked runs with links to their report and experiment page where those exist.
 *
 * @param workspace tracking and report folders
 * @returns the runs, newest first
 */
export async function indexRuns(workspace: Workspace): Promise<IndexRun[]> {
  const runs = await runSummaries(workspace.tracker, { metricPrefixes: ["auc/"] });
  const exists = async (rel: string) => await Deno.stat(join(workspace.outRoot, rel)).then(() => true, () => false);
  const out: IndexRun[] = [];
  for (const r of runs) {
    const report = `${r.experiment}/${r.id}/index.html`;
    const page = `${r.experiment}/index.html`;
    out.push({
      ...withoutExtras(r),
      ...(await exists(report) ? { report } : {}),
      ...(await exists(page) ? { experimentPage: page } : {}),
    });
  }
  return out;
}

/**
 * Write `out/index.html` (atomically: a temp file renamed into place).
 *
 * @param workspace tracking and report folders
 * @returns the page's path
 */
export async function writeRunsIndex(workspace: Workspace): Promise<string> {
  const runs = await indexRuns(workspace);
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const first = metrics.find((m) => m.includes("/bootstrap-nested"))?.split("/")[1];
  const defaults = metrics.filter((m) => first && m.startsWith(`auc/${first}/`) && m.includes("/bootstrap-"));
  await Deno.mkdir(workspace.outRoot, { recursive: true });
  const path = join(workspace.outRoot, "index.html");
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, runsIndexHtml(runs, defaults.length > 0 ? { defaultMetrics: defaults } : {}));
  await Deno.rename(tmp, path);
  return path;
}

/**
 * The comparison page of two runs (`runs compare A B --html FILE`): the index's comparison view with
 * just those two runs.
 *
 * @param workspace tracking and report folders
 * @param ids the two runs (full ids, as `compareRuns` resolved them)
 * @param file where to write it
 */
export async function writeComparePage(
  workspace: Workspace,
  ids: readonly [string, string],
  file: string,
): Promise<void> {
  const runs = (await indexRuns(workspace)).filter((r) => ids.includes(r.id));
  const at = (link?: string) => (link ? join(workspace.outRoot, link) : undefined);
  const absolute = runs.map((r) => {
    const { report, experimentPage, ...rest } = r;
    const a = at(report);
    const b = at(experimentPage);
    return { ...rest, ...(a ? { report: a } : {}), ...(b ? { experimentPage: b } : {}) };
  });
  const roc: Record<string, RocPoint[]> = {};
  for (const r of runs) {
    const key = r.keys["evaluate"];
    const entry = key ? await workspace.cache.get(key) : undefined;
    if (entry) roc[r.id] = await rocTable.read(entry.dir);
  }
  await Deno.writeTextFile(
    file,
    runsIndexHtml(absolute, { title: `Runs ${ids[0]} and ${ids[1]}`, compare: ids, roc }),
  );
}

function withoutExtras(r: RunSummary): Omit<IndexRun, "report" | "experimentPage"> {
  const { stages: _stages, endedAt: _ended, ...rest } = r;
  return rest;
}
