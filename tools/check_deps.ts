// deno-lint-ignore-file no-console -- the CLI and developer scripts talk to the terminal
/**
 * Fails on an import that breaks the fixed dependency direction (STYLE C14) or on a cycle.
 *   stats/            → nothing of ours
 *   (pipeline/errors.ts, progress.ts and csv.ts are leaves every layer may import)
 *   pipeline/imaging/ → stats/, pipeline/errors.ts, pipeline/progress.ts
 *   pipeline/model/   → stats/, pipeline/errors.ts, pipeline/progress.ts
 *   reports/          → stats/, pipeline/errors.ts, pipeline/engine/stage.ts (manifest types),
 *                       pipeline/study/artifacts/ (the one reader of each file a run stores)
 *   pipeline/study/artifacts/ → stats/ and the leaves only
 *   pipeline/engine/  → the leaves and stats/random.ts only: the engine knows nothing of the study
 *                       (no schema, stage, model, imaging or report); the study hands them over
 *   pipeline/imaging/, pipeline/model/, pipeline/radiomics/ and pipeline/visualise/ never
 *                       import pipeline/study/ (the study assembles them, not the other way)
 */
import { localImports, sourceFiles } from "./_source_files.ts";

const root = new URL("../", import.meta.url).pathname;
const LEAVES = ["pipeline/errors.ts", "pipeline/progress.ts", "pipeline/csv.ts"];
const rules: Array<[RegExp, (target: string) => boolean]> = [
  [/^stats\//, (t) => t.startsWith("stats/")],
  [/^pipeline\/(imaging|model|radiomics|visualise)\//, (t) => !t.startsWith("pipeline/study/")],
  [/^pipeline\/imaging\//, (t) => /^(stats|pipeline\/imaging)\//.test(t) || LEAVES.includes(t)],
  [/^pipeline\/model\//, (t) => /^(stats|pipeline\/model)\//.test(t) || LEAVES.includes(t)],
  [
    /^reports\//,
    (t) =>
      /^(stats|reports|pipeline\/study\/artifacts)\//.test(t) || [...LEAVES, "pipeline/engine/stage.ts"].includes(t),
  ],
  [/^pipeline\/study\/artifacts\//, (t) => /^(stats|pipeline\/study\/artifacts)\//.test(t) || LEAVES.includes(t)],
  [
    /^pipeline\/engine\//,
    (t) => t.startsWith("pipeline/engine/") || [...LEAVES, "stats/random.ts"].includes(t),
  ],
];
const files = await sourceFiles(root);
const graph = new Map<string, string[]>();
const problems: string[] = [];
for (const f of files) {
  const targets = (await localImports(root, f)).filter((t) => t.endsWith(".ts"));
  graph.set(f, targets);
  for (const [pattern, allowed] of rules) {
    if (!pattern.test(f)) continue;
    for (const t of targets) if (!allowed(t)) problems.push(`${f} must not import ${t}`);
  }
}
const state = new Map<string, number>();
function visit(f: string, trail: string[]): void {
  if (state.get(f) === 2) return;
  if (state.get(f) === 1) {
    problems.push(`import cycle: ${[...trail.slice(trail.indexOf(f)), f].join(" → ")}`);
    return;
  }
  state.set(f, 1);
  for (const t of graph.get(f) ?? []) visit(t, [...trail, f]);
  state.set(f, 2);
}
for (const f of files) visit(f, []);
for (const p of problems) console.error(`check_deps: ${p}`);
if (problems.length > 0) Deno.exit(1);
console.error(`check_deps: ok (${files.length} files)`);
