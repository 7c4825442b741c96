// deno-lint-ignore-file no-console -- the CLI and developer scripts talk to the terminal
/**
 * The `deepmarker` command line: a thin mapping of flags onto library calls. User mistakes
 * (a {@linkcode DeepmarkerError}) print one clear message and exit 1; anything else is a bug
 * and prints its stack.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DeepmarkerError } from "./pipeline/errors.ts";
import { runExperiment } from "./pipeline/experiment.ts";
import { experimentStatus } from "./pipeline/experiment_status.ts";
import { collectGarbage } from "./pipeline/collect_garbage.ts";
import { compareRuns } from "./pipeline/compare_runs.ts";
import { openWorkspace } from "./pipeline/workspace.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));
const collect = (value: string, previous: string[]) => [...previous, value];
const log = (line: string) => console.error(line);

function runCommand(name: string, description: string) {
  return new Command(name).description(description)
    .option(
      "--set <key=value>",
      "override a spec field (repeatable), e.g. --set train.epochs=5",
      collect,
      [] as string[],
    )
    .option("--cohort <dir>", "use this cohort folder (cohort.csv + images) instead of the spec's cohort")
    .option("--backend <name>", "pin the training backend (tensorflow-gpu, tensorflow, webgpu, cpu-blas, wasm, cpu)");
}

const program = new Command("deepmarker")
  .description("Reproducible deep-feature imaging-biomarker studies")
  .showHelpAfterError("(run with --help for usage)");

program.addCommand(
  runCommand("run", "run every variant of an experiment spec, reusing cached stages")
    .argument("<spec>", "YAML experiment spec")
    .option("--force <stage>", "recompute this stage and its descendants (repeatable)", collect, [] as string[])
    .option("--variant <name>", "only this matrix variant (repeatable)", collect, [] as string[])
    .option("--keep-going", "run independent stages after a failure")
    .action(async (spec, o) => {
      const ws = await openWorkspace({ warn: log });
      const runs = await runExperiment(spec, ws, {
        set: o.set,
        force: o.force,
        onError: o.keepGoing ? "keep-going" : "fail",
        log,
        root: ROOT,
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
        ...(o.variant.length ? { variants: o.variant } : {}),
      });
      for (const r of runs) {
        const hits = r.outcomes.filter((x) => x.cacheHit).length;
        console.log(`${r.runId}  ${r.variant.name}  ${hits}/${r.outcomes.length} stages cached`);
      }
    }),
);

program.addCommand(
  runCommand("status", "show which stages are cached and why the others are stale")
    .argument("<spec>", "YAML experiment spec")
    .action(async (spec, o) => {
      const ws = await openWorkspace({ warn: log });
      const variants = await experimentStatus(spec, ws, {
        set: o.set,
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
      });
      for (const v of variants) {
        console.log(`variant ${v.variant}`);
        for (const s of v.stages) {
          console.log(
            `  ${s.stage.padEnd(12)} ${s.state.padEnd(6)} ${s.key.slice(0, 12)}${s.reason ? `  ${s.reason}` : ""}`,
          );
        }
      }
    }),
);

const runs = new Command("runs").description("list, show and compare tracked runs");
runs.addCommand(
  new Command("list").description("list tracked runs, newest first")
    .option("--experiment <name>", "only this experiment")
    .action(async (o) => {
      const ws = await openWorkspace();
      for (const r of await ws.tracker.listRuns(o.experiment ? { experiment: o.experiment } : {})) {
        console.log([r.id, r.experiment, r.variant, r.status, r.backend, r.startedAt].join("  "));
      }
    }),
);
runs.addCommand(
  new Command("show").description("show one run: params, stages, metrics").argument("<id>", "run id or unique prefix")
    .action(async (id) => {
      const ws = await openWorkspace();
      const r = await ws.tracker.getRun(id);
      if (!r) throw new DeepmarkerError(`Cannot show run "${id}": no single run matches\nhint: deepmarker runs list`);
      const { run } = r;
      console.log(`run ${run.id}\nexperiment ${run.experiment} / ${run.variant}\nstatus ${run.status}`);
      console.log(
        `code ${run.gitCommit}${run.gitDirty ? " (dirty)" : ""}, deno ${run.denoVersion}, backend ${run.backend}`,
      );
      console.log(`host ${run.host}, ${run.startedAt} → ${run.endedAt ?? "…"}`);
      for (const s of r.stages) {
        const what = s.status === "ok" ? (s.cacheHit ? "cached" : `${(s.durationMs / 1000).toFixed(2)}s`) : s.status;
        console.log(`  stage ${s.stage.padEnd(12)} ${s.key.slice(0, 12)} ${what}${s.error ? `  ${s.error}` : ""}`);
      }
      for (const m of r.metrics) {
        const ci = m.lower !== undefined ? ` [${m.lower}, ${m.upper}]` : "";
        console.log(`  metric ${m.stage}.${m.name} = ${m.value}${ci}`);
      }
    }),
);
runs.addCommand(
  new Command("compare").description("print the params and metrics that differ between two runs")
    .argument("<a>", "first run id").argument("<b>", "second run id")
    .action(async (a, b) => {
      const ws = await openWorkspace();
      const c = await compareRuns(ws.tracker, [a, b]);
      console.log(`compare ${c.a} ↔ ${c.b}`);
      for (const p of c.params) {
        console.log(`  param  ${p.path}: ${JSON.stringify(p.before)} → ${JSON.stringify(p.after)}`);
      }
      for (const m of c.metrics) console.log(`  metric ${m.name}: ${m.a} → ${m.b}`);
      if (c.stages.length) console.log(`  stages recomputed: ${c.stages.join(", ")}`);
      if (!c.params.length && !c.metrics.length) console.log("  no differences in params or metrics");
    }),
);
program.addCommand(runs);

program.addCommand(
  new Command("gc").description("delete cache entries no tracked run uses, and leftovers of crashed runs")
    .option("--dry-run", "only list what would be removed")
    .action(async (o) => {
      const ws = await openWorkspace();
      const g = await collectGarbage(ws, { dryRun: Boolean(o.dryRun) });
      const verb = o.dryRun ? "would remove" : "removed";
      console.log(
        `${verb} ${g.entries.length} entries and ${g.temp.length} temp folders (${(g.bytes / 1e6).toFixed(1)} MB)`,
      );
    }),
);

program.addCommand(
  runCommand("reproduce", "run the paper's protocol: the embedded synthetic demo, or --cohort DIR with paper.yaml")
    .option("--spec <path>", "spec to run instead of experiments/demo.yaml")
    .action(async (o) => {
      const spec = o.spec ?? join(ROOT, "experiments", o.cohort ? "paper.yaml" : "demo.yaml");
      const ws = await openWorkspace({ warn: log });
      const t0 = performance.now();
      const result = await runExperiment(spec, ws, {
        set: o.set,
        log,
        root: ROOT,
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
      });
      for (const r of result) {
        console.log(`run ${r.runId} (${r.variant.spec.experiment} / ${r.variant.name})`);
        for (const o of r.outcomes) {
          console.log(`  ${o.stage.padEnd(12)} ${o.cacheHit ? "cached" : `${(o.durationMs / 1000).toFixed(1)}s`}`);
          for (const m of o.metrics) console.log(`    ${m.name} = ${m.value}`);
        }
      }
      console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    }),
);

/**
 * Run the CLI on the given arguments.
 *
 * @param args command-line arguments (without the program name)
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof DeepmarkerError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
