// deno-lint-ignore-file no-console -- the CLI and developer scripts talk to the terminal
/**
 * The `deepmarker` command line: a thin mapping of flags onto library calls. Every error ends
 * as one `error:` line and exit 1: a user mistake (a {@linkcode DeepmarkerError}) prints its
 * message; anything else (a bug, a full disk, a system error) prints its first line and
 * "run with --debug for the stack"; `--debug` prints the stack and causes.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DeepmarkerError, DiskFullError, InterruptedError } from "./pipeline/errors.ts";
import { runExperiment } from "./pipeline/study/run_experiment.ts";
import type { SweepNodeStatus } from "./pipeline/engine/sweep_status.ts";
import { sweepExperiment, sweepExperimentStatus } from "./pipeline/study/run_experiment.ts";
import { runStageJob } from "./pipeline/engine/stage_job.ts";
import { RunFolder } from "./pipeline/engine/run_folder.ts";
import { findSubmission, submissionStates, syncSubmission } from "./pipeline/engine/submission.ts";
import { cancelJobs } from "./pipeline/engine/slurm_commands.ts";
import { codeVersion } from "./pipeline/engine/code_version.ts";
import { DONE, type WorkerRequest } from "./pipeline/engine/worker_pool.ts";
import { biomarkerStudy } from "./pipeline/study/biomarker_study.ts";
import { collectGarbage } from "./pipeline/engine/collect_garbage.ts";
import { compareRuns } from "./pipeline/engine/compare_runs.ts";
import { verifyCache } from "./pipeline/engine/verify_cache.ts";
import { writeComparePage, writeRunsIndex } from "./pipeline/study/runs_index.ts";
import { removeRuns } from "./pipeline/study/remove_runs.ts";
import { openWorkspace } from "./pipeline/engine/workspace.ts";
import { createProgress } from "./pipeline/progress.ts";
import { generateSyntheticCohort } from "./fixtures/synthetic_cohort.ts";
import { checkCohort } from "./pipeline/imaging/check_cohort.ts";
import { exportCohort } from "./pipeline/imaging/export_cohort.ts";
import { runStatsProtocol } from "./pipeline/study/protocol/run_stats_protocol.ts";
import { parseStatsSettings } from "./pipeline/study/protocol/settings.ts";
import { exportRunStats } from "./pipeline/study/export_run_stats.ts";
import { runRadiomicsCli } from "./pipeline/radiomics/run_radiomics_cli.ts";
import { renderRunReports } from "./pipeline/study/run_report.ts";
import { visualiseCheck } from "./pipeline/study/visualise_check.ts";
import { doctor } from "./pipeline/study/doctor.ts";
import { headlineTable } from "./pipeline/study/headline_table.ts";

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
    .option("--backend <name>", "pin the training backend (tfjs-node-gpu, tfjs-node, webgpu, cpu+blas, wasm, cpu)")
    .option("--skip-bad", "leave out unusable patients (recorded, with why) instead of failing");
}

const program = new Command("deepmarker")
  .description("Reproducible deep-feature imaging-biomarker studies")
  .option("--debug", "print the stack of an error")
  .showHelpAfterError("(run with --help for usage)");

program.addCommand(
  runCommand("run", "run every variant of an experiment spec as one graph, reusing cached stages")
    .argument("<spec>", "YAML experiment spec")
    .option("--force <stage>", "recompute this stage and its descendants (repeatable)", collect, [] as string[])
    .option("--variant <name>", "only this matrix variant (repeatable)", collect, [] as string[])
    .option("--keep-going", "run independent stages after a failure")
    .option("--jobs <n>", "stages running at once on this machine (default: its cores)")
    .option("--executor <name>", "where stages run: local or slurm", "local")
    .option("--partition <p>", "Slurm partition of the jobs")
    .option("--account <a>", "Slurm account of the jobs")
    .option(
      "--sbatch-arg <arg>",
      "extra sbatch argument, e.g. --sbatch-arg=--qos=long (repeatable)",
      collect,
      [] as string[],
    )
    .option("--detach", "with --executor slurm: return once the jobs are submitted")
    .option("--dry-run", "print the sweep's graph (what is cached, what would run where, and why) and run nothing")
    .action(async (spec, o) => {
      const ws = await openWorkspace({ warn: log });
      const overrides = {
        set: o.set,
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
        ...(o.skipBad ? { skipBad: true } : {}),
        ...(o.variant.length ? { variants: o.variant } : {}),
      };
      if (o.dryRun) return printGraph(await sweepExperimentStatus(spec, ws, overrides));
      if (o.executor !== "local" && o.executor !== "slurm") {
        throw new DeepmarkerError(`Cannot run: --executor must be local or slurm, got "${o.executor}"`);
      }
      const jobs = o.jobs === undefined ? navigator.hardwareConcurrency || 1 : positiveInteger(o.jobs, "--jobs");
      using interrupt = onInterrupt();
      try {
        const r = await sweepExperiment(spec, ws, {
          ...overrides,
          force: o.force,
          onError: o.keepGoing ? "keep-going" : "fail",
          log,
          root: ROOT,
          executor: o.executor,
          jobs,
          slurm: {
            ...(o.partition ? { partition: o.partition } : {}),
            ...(o.account ? { account: o.account } : {}),
            sbatchArgs: o.sbatchArg,
          },
          detach: Boolean(o.detach),
          stageCommand: (submission, node) => [
            Deno.env.get("DEEPMARKER_DENO") ?? "deno",
            ...cli("stage", "run", node, "--run", submission),
          ],
          workerCommand: (submission) => [Deno.execPath(), ...cli("stage", "serve", "--run", submission)],
          signal: interrupt.signal,
        });
        if (o.detach) {
          console.log(
            `${r.submission}  submitted ${Object.keys(r.jobs).length} job(s)  (deepmarker runs show ${r.submission})`,
          );
          return;
        }
        for (const v of r.runs) {
          const hits = v.outcomes.filter((x) => x.cacheHit).length;
          console.log(
            `${v.runId}  ${v.variant.name}  ${hits}/${v.outcomes.length} stages cached${
              v.report ? `  ${v.report}` : ""
            }`,
          );
        }
      } finally {
        await writeRunsIndex(ws);
      }
    }),
);

/** The arguments after `deno` that run this CLI with `args`. */
function cli(...args: string[]): string[] {
  return ["run", "-A", join(ROOT, "main.ts"), ...args];
}

function printGraph(nodes: readonly SweepNodeStatus[]): void {
  const count = (state: string) => nodes.filter((n) => n.state === state).length;
  console.log(
    `${nodes.length} unique stages: ${count("cached")} cached, ${count("stale")} would run, ` +
      `${count("waits")} wait for an input (cached if its outputs come out unchanged)`,
  );
  for (const n of nodes) {
    const needs = `${n.needs.cpus === "all" ? "all" : n.needs.cpus} cpu, ${n.needs.memGb} GB` +
      `${n.needs.gpus ? `, ${n.needs.gpus} gpu` : ""}, ${n.needs.time}`;
    const variants = n.variants.length > 3 ? `${n.variants.length} variants` : n.variants.join(", ");
    console.log(
      `  ${n.stage.padEnd(12)} ${n.id.slice(0, 12)} ${n.state.padEnd(6)} [${needs}] (${variants})` +
        `${n.reason ? `  ${n.reason}` : ""}`,
    );
  }
}

program.addCommand(
  runCommand("status", "show the sweep's graph: which stages are cached, which would run where, and why")
    .argument("<spec>", "YAML experiment spec")
    .option("--variant <name>", "only this matrix variant (repeatable)", collect, [] as string[])
    .action(async (spec, o) => {
      const ws = await openWorkspace({ warn: log });
      printGraph(
        await sweepExperimentStatus(spec, ws, {
          set: o.set,
          ...(o.cohort ? { cohort: o.cohort } : {}),
          ...(o.backend ? { backend: o.backend } : {}),
          ...(o.skipBad ? { skipBad: true } : {}),
          ...(o.variant.length ? { variants: o.variant } : {}),
        }),
      );
    }),
);

const stage = new Command("stage").description(
  "run one stage of a submission (what parallel workers and Slurm jobs do)",
);
stage.addCommand(
  new Command("run").description("compute one node of a submission into the shared cache and leave its outcome")
    .argument("<node>", "node id (or unique prefix) from the submission's plan.json")
    .requiredOption("--run <id>", "submission id (folder DEEPMARKER_HOME/runs/ID)")
    .option("--cpus <n>", "cores granted (default: Slurm's allocation, else this machine's)")
    .option("--force", "recompute even when cached")
    .action(async (node, o) => {
      using interrupt = onInterrupt(); // scancel sends SIGTERM: the stage stops and removes its temp folder
      const job = await stageJob(o.run, interrupt.signal);
      const outcome = await job(node, o.cpus ? positiveInteger(o.cpus, "--cpus") : undefined, Boolean(o.force));
      if (outcome.status !== "ok") throw new DeepmarkerError(`Stage "${outcome.stage}" failed: ${outcome.error}`);
    }),
);
stage.addCommand(
  new Command("serve").description("run the nodes a parent process asks for on stdin, one at a time (local --jobs N)")
    .requiredOption("--run <id>", "submission id (folder DEEPMARKER_HOME/runs/ID)")
    .action(async (o) => {
      using interrupt = onInterrupt(); // the parent's Ctrl-C reaches the running stage, which cleans up
      const job = await stageJob(o.run, interrupt.signal);
      // a worker outlives no parent: when `run` dies (even by SIGKILL) it stops mid-stage, as `run` would have
      const parent = Deno.ppid;
      Deno.unrefTimer(setInterval(() => Deno.ppid !== parent && Deno.exit(1), 250));
      let rest = "";
      for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop()!;
        for (const line of lines.filter(Boolean)) {
          const request = JSON.parse(line) as WorkerRequest;
          try {
            await job(request.node, request.cpus, request.force);
          } catch (e) {
            if (!(e instanceof DeepmarkerError)) throw e;
            log(`error: ${e.message}`);
          }
          console.log(`${DONE}${request.node}`);
        }
      }
    }),
);

/** Runs nodes of one submission in this process, logging each outcome. */
async function stageJob(submission: string, signal: AbortSignal) {
  const ws = await openWorkspace({ warn: log });
  const folder = new RunFolder(ws.home, submission);
  const version = await codeVersion(ROOT);
  return async (node: string, cpus: number | undefined, force: boolean) => {
    const outcome = await runStageJob(folder, node, {
      cache: ws.cache,
      stagesFor: biomarkerStudy.stagesFor,
      hasher: ws.hasher,
      codeVersion: version.label,
      ...(cpus ? { cpus } : {}),
      progressFor: (name) => createProgress({ label: name }),
      warn: (m) => log(`warning: ${m}`),
      force,
      signal,
    });
    const what = outcome.status === "ok"
      ? `${outcome.cacheHit ? "cached" : `computed in ${(outcome.durationMs / 1000).toFixed(1)}s`} (key ${
        outcome.key!.slice(0, 12)
      })`
      : `failed — ${outcome.error}`;
    log(`${outcome.stage}: ${what}`);
    return outcome;
  };
}
program.addCommand(stage);

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
  new Command("show").description("show one run: params, stages, metrics; or where each stage of a submission stands")
    .argument("<id>", "run id, submission id, or unique prefix")
    .action(async (id) => {
      const ws = await openWorkspace();
      const submission = await findSubmission(ws.home, id);
      const r = await ws.tracker.getRun(id);
      if (!r && !submission) {
        throw new DeepmarkerError(`Cannot show run "${id}": no single run matches\nhint: deepmarker runs list`);
      }
      if (r) {
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
      }
      if (submission) {
        console.log(`submission ${submission.plan.id} (${submission.plan.executor}), ${submission.folder.dir}`);
        for (const s of await submissionStates(submission)) {
          const job = s.jobId ? `job ${s.jobId}` : "";
          console.log(
            `  ${s.stage.padEnd(12)} ${s.node.slice(0, 12)} ${s.state.padEnd(9)} ${job.padEnd(10)}` +
              `${s.jobId ? ` ${s.log}` : ""}${s.detail ? `  ${s.detail}` : ""}`,
          );
        }
      }
    }),
);
runs.addCommand(
  new Command("sync").description("record the finished stages of a (detached) submission in the tracking database")
    .argument("<id>", "submission or run id (or unique prefix)")
    .action(async (id) => {
      const ws = await openWorkspace();
      const submission = await findSubmission(ws.home, id);
      if (!submission) throw new DeepmarkerError(`Cannot sync "${id}": no single submission matches`);
      const { states, finished } = await syncSubmission(submission, ws.tracker);
      const count = (state: string) => states.filter((s) => s.state === state).length;
      console.log(
        `${submission.plan.id}: ${count("done")} done, ${count("cached")} cached, ${count("running")} running, ` +
          `${count("queued")} queued, ${count("failed")} failed, ${count("cancelled")} cancelled` +
          (finished ? "; runs recorded" : ""),
      );
    }),
);
runs.addCommand(
  new Command("cancel").description("cancel the queued and running Slurm jobs of a submission (scancel)")
    .argument("<id>", "submission or run id (or unique prefix)")
    .action(async (id) => {
      const ws = await openWorkspace();
      const submission = await findSubmission(ws.home, id);
      if (!submission) throw new DeepmarkerError(`Cannot cancel "${id}": no single submission matches`);
      const active = (await submissionStates(submission)).filter((s) => s.state === "queued" || s.state === "running");
      await cancelJobs(active.map((s) => s.jobId!).filter(Boolean));
      console.log(`${submission.plan.id}: cancelled ${active.length} job(s)`);
    }),
);
runs.addCommand(
  new Command("compare").description("print the params and metrics that differ between two runs")
    .argument("<a>", "first run id").argument("<b>", "second run id")
    .option("--html <file>", "also write the comparison page (parameters, metrics, stages, AUCs on one axis)")
    .action(async (a, b, o) => {
      const ws = await openWorkspace();
      const c = await compareRuns(ws.tracker, [a, b]);
      if (o.html) {
        await writeComparePage(ws, [c.a, c.b], o.html);
        console.log(`wrote ${o.html}`);
      }
      console.log(`compare ${c.a} ↔ ${c.b}`);
      for (const p of c.params) {
        console.log(`  param  ${p.path}: ${JSON.stringify(p.before)} → ${JSON.stringify(p.after)}`);
      }
      for (const m of c.metrics) console.log(`  metric ${m.name}: ${m.a} → ${m.b}`);
      if (c.stages.length) console.log(`  stages recomputed: ${c.stages.join(", ")}`);
      if (!c.params.length && !c.metrics.length) console.log("  no differences in params or metrics");
    }),
);
runs.addCommand(
  new Command("rm").description("remove runs from tracking and their report folders (then `gc` frees their cache)")
    .argument("[ids...]", "run ids or unique prefixes")
    .option("--experiment <name>", "the runs of this experiment")
    .option("--older-than <age>", "only runs started longer ago than this, e.g. 30d")
    .action(async (ids, o) => {
      const ws = await openWorkspace();
      let olderThanDays: number | undefined;
      if (o.olderThan !== undefined) {
        const m = /^(\d+(?:\.\d+)?)d$/.exec(o.olderThan);
        if (!m) throw new DeepmarkerError(`--older-than: expected days such as "30d", got "${o.olderThan}"`);
        olderThanDays = Number(m[1]);
      }
      const removed = await removeRuns(ws, {
        ids,
        ...(o.experiment !== undefined ? { experiment: o.experiment } : {}),
        ...(olderThanDays !== undefined ? { olderThanDays } : {}),
      });
      console.log(`removed ${removed.length} runs${removed.length ? `: ${removed.join(", ")}` : ""}`);
      console.log("hint: deepmarker gc --dry-run shows what their cache entries free");
    }),
);
runs.addCommand(
  new Command("export").description(
    "write what a run's statistics consumed (features.csv, labels.csv, stats.yaml) and produced (five CSVs)",
  )
    .argument("<id>", "run id or unique prefix")
    .requiredOption("--out <dir>", "output folder")
    .action(async (id, o) => {
      const ws = await openWorkspace();
      for (const path of await exportRunStats(id, ws, o.out)) console.log(path);
    }),
);
program.addCommand(runs);

const cohort = new Command("cohort").description("generate, check and export cohorts");
cohort.addCommand(
  new Command("synth").description("write a synthetic PET/CT cohort with known ground truth (cohort.csv + NIfTI)")
    .requiredOption("--out <dir>", "output folder")
    .option("--patients <n>", "number of patients", "24")
    .option("--seed <s>", "seed of every random draw", "42")
    .option("--effect <effect>", "how strongly images drive survival: strong, weak or none", "strong")
    .option("--geometry <g>", "demo (3 mm CT, fast) or paper (1 mm CT)", "demo")
    .action(async (o) => {
      const patients = positiveInteger(o.patients, "--patients");
      const seed = positiveInteger(o.seed, "--seed", 0);
      if (!["strong", "weak", "none"].includes(o.effect)) {
        throw new DeepmarkerError(`Cannot synthesize: --effect must be strong, weak or none, got "${o.effect}"`);
      }
      if (!["demo", "paper"].includes(o.geometry)) {
        throw new DeepmarkerError(`Cannot synthesize: --geometry must be demo or paper, got "${o.geometry}"`);
      }
      const out = await generateSyntheticCohort(o.out, {
        patients,
        seed,
        effect: o.effect as "strong" | "weak" | "none",
        geometry: o.geometry as "demo" | "paper",
        progress: createProgress({ label: "synth" }),
      });
      console.log(`wrote ${out.ids.length} patients: ${out.csvPath} (ground truth: ${out.truthPath})`);
    }),
);
cohort.addCommand(
  new Command("check").description("list every problem of a cohort folder; exit 1 when anything is unusable")
    .argument("<dir>", "cohort folder with cohort.csv")
    .option("--no-images", "only check the table and that files exist (fast)")
    .action(async (dir, o) => {
      const problems = await checkCohort(dir, { images: o.images, progress: createProgress({ label: "check" }) });
      for (const p of problems) console.log(`${p.patient}\t${p.column}\t${p.problem}`);
      if (problems.length > 0) {
        throw new DeepmarkerError(`Cohort "${dir}" has ${problems.length} problem(s) listed above`);
      }
      console.log(`cohort "${dir}" is usable`);
    }),
);
cohort.addCommand(
  new Command("export").description(
    "write what the pipeline sees, per patient, as NIfTI (OUT/<id>/{ct,pet,mask}.nii.gz)",
  )
    .argument("<dir>", "cohort folder with cohort.csv")
    .requiredOption("--out <dir>", "output folder")
    .option("--no-crop", "write the ingested volumes on the CT's native grid instead of the crops")
    .option("--size-mm <w,h,d>", "crop box in mm", "96,96,48")
    .option("--spacing-mm <x,y,z>", "crop voxel spacing in mm", "1,1,1")
    .option("--skip-bad", "leave out unusable patients instead of failing")
    .action(async (dir, o) => {
      const triple = (v: string, flag: string) => {
        const t = v.split(",").map(Number);
        if (t.length !== 3 || t.some((x) => !(x > 0))) {
          throw new DeepmarkerError(`Cannot export: ${flag} must be three positive numbers, got "${v}"`);
        }
        return t as [number, number, number];
      };
      const crop = o.crop
        ? { sizeMm: triple(o.sizeMm, "--size-mm"), spacingMm: triple(o.spacingMm, "--spacing-mm") }
        : false;
      await exportCohort(dir, o.out, {
        crop,
        skipBad: Boolean(o.skipBad),
        progress: createProgress({ label: "export" }),
      });
      console.log(`exported to ${o.out}`);
    }),
);
program.addCommand(cohort);

function positiveInteger(text: string, flag: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new DeepmarkerError(`${flag} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

program.addCommand(
  new Command("stats").description(
    "the statistics protocol on any feature table (screening, LASSO inclusion, selection, evaluation)",
  )
    .requiredOption("--features <csv>", "patient_id, then one column per feature (blank = missing)")
    .requiredOption("--labels <csv>", "patient_id, then one 0/1 column per endpoint (blank = excluded)")
    .requiredOption(
      "--out <dir>",
      "output folder (ttest.csv, inclusion.csv, selected.csv, metrics.csv, roc.csv, summary.json)",
    )
    .option(
      "--settings <yaml>",
      "the settings: a spec's stats: block plus seed and models (as `runs export` writes stats.yaml)",
    )
    .option(
      "--set <key=value>",
      "override a setting, spelled as in the spec's stats: block (repeatable), e.g. --set lasso.top_k=5",
      collect,
      [] as string[],
    )
    .action(async (o) => {
      const text = o.settings ? await readSettings(o.settings) : "";
      const settings = parseStatsSettings(
        text,
        o.settings ?? "stats settings (--settings FILE or --set KEY=VALUE)",
        o.set,
      );
      await runStatsProtocol(o.features, o.labels, {
        outDir: o.out,
        settings,
        onProgress: (m) => console.error(`stats: ${m}`),
      });
      console.log(`wrote ${o.out}/{ttest,inclusion,selected,metrics,roc}.csv and summary.json`);
    }),
);

async function readSettings(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new DeepmarkerError(`Cannot read settings "${path}": no such file`);
    throw e;
  }
}

program.addCommand(
  new Command("radiomics").description("IBSI radiomic features of one image and mask (CSV: tag,value)")
    .requiredOption("--image <path>", "NIfTI or NRRD file, or DICOM series folder")
    .requiredOption("--mask <path>", "NIfTI or NRRD mask (related to the image by its affine), or RTSTRUCT file")
    .option("--roi <name>", "ROI name inside the RTSTRUCT")
    .requiredOption("--settings <yaml>", "IBSI processing settings (see fixtures/radiomics/ibsi_config_c.yaml)")
    .requiredOption("--out <csv>", "output CSV")
    .action(async (o) => {
      const n = await runRadiomicsCli({
        image: o.image,
        mask: o.mask,
        settings: o.settings,
        out: o.out,
        ...(o.roi ? { roi: o.roi } : {}),
      });
      console.log(`wrote ${n} features to ${o.out}`);
    }),
);

program.addCommand(
  new Command("visualise-check").description(
    "print the sanity checks of a run's saliency maps (model and outcome randomisation, deletion) as a table",
  )
    .argument("<id>", "run id (or unique prefix)")
    .action(async (id) => {
      const ws = await openWorkspace();
      console.log(await visualiseCheck(id, ws));
    }),
);

program.addCommand(
  new Command("report").description(
    "re-render the HTML report of tracked runs from their stored results (no recomputation)",
  )
    .argument(
      "[ids...]",
      "run ids (or unique prefixes); several runs of one matrix experiment also get a side-by-side page",
    )
    .option("--index", "rewrite out/index.html, the index of every tracked run")
    .action(async (ids, o) => {
      const ws = await openWorkspace();
      if (ids.length === 0 && !o.index) throw new DeepmarkerError("Cannot render reports: name run ids, or --index");
      if (ids.length > 0) {
        const pages = await renderRunReports(ids, ws);
        for (const p of pages.runs) console.log(p);
        if (pages.experiment) console.log(pages.experiment);
      }
      if (o.index || ids.length > 0) console.log(await writeRunsIndex(ws));
    }),
);

program.addCommand(
  new Command("doctor").description(
    "what this machine offers: every backend rung, the one training uses, the BLAS library and its sgemm peak, conv3d GFLOP/s",
  )
    .option("--json", "print the report as JSON")
    .option("--seconds <s>", "micro-benchmark seconds per usable rung (0 = none)", "2")
    .action(async (o) => {
      const seconds = Number(o.seconds);
      if (!(seconds >= 0)) throw new DeepmarkerError(`--seconds must be a number ≥ 0, got "${o.seconds}"`);
      const report = await doctor({ seconds });
      if (o.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      for (const b of report.backends) {
        const speed = b.gflops === null ? "" : `  ${b.gflops.toFixed(2)} GFLOP/s` +
          (b.speedup_vs_tfjs_cpu === null ? "" : ` (${b.speedup_vs_tfjs_cpu.toFixed(1)}× tfjs-cpu)`);
        console.log(`${b.available ? "ok " : "-- "} ${b.name.padEnd(14)} ${b.reason}${speed}`);
      }
      console.log(
        `BLAS: ${report.blas.found ? `${report.blas.library} (${report.blas.threads} threads)` : report.blas.reason}` +
          (report.peak_gflops === null ? "" : `, sgemm peak ${report.peak_gflops.toFixed(1)} GFLOP/s on all cores`),
      );
      console.log(`training uses: ${report.training_rung ?? "no backend available"}`);
    }),
);

program.addCommand(
  new Command("gc").description("delete cache entries no tracked run uses, and leftovers of crashed runs")
    .option("--dry-run", "only list what would be removed")
    .option("--checkpoints", "also delete the resumable checkpoints of unfinished stages")
    .action(async (o) => {
      const ws = await openWorkspace();
      const g = await collectGarbage(ws, { dryRun: Boolean(o.dryRun), checkpoints: Boolean(o.checkpoints) });
      const verb = o.dryRun ? "would remove" : "removed";
      if (o.dryRun) {
        for (const k of g.entries) {
          const e = g.entrySizes[k]!;
          console.log(`  ${k.slice(0, 12)}  ${e.stage.padEnd(12)} ${(e.bytes / 1e6).toFixed(2)} MB`);
        }
      }
      console.log(
        `${verb} ${g.entries.length} entries, ${g.temp.length} temp folders and ${g.work.length} work folders ` +
          `(${(g.bytes / 1e6).toFixed(1)} MB)`,
      );
      if (g.checkpoints.length > 0) {
        const mb = g.checkpoints.reduce((s, c) => s + c.bytes, 0) / 1e6;
        console.log(
          `kept ${g.checkpoints.length} resumable checkpoints (${mb.toFixed(1)} MB; --checkpoints deletes them)`,
        );
      }
    }),
);

program.addCommand(
  new Command("verify").description(
    "re-hash the outputs of cached entries against their manifests; quarantine corrupt ones (exit 1 if any)",
  )
    .option("--all", "every entry in the cache, not only those tracked runs use")
    .action(async (o) => {
      const ws = await openWorkspace();
      const r = await verifyCache(ws, { all: Boolean(o.all) });
      for (const c of r.corrupt) {
        console.log(`corrupt ${c.key.slice(0, 12)} ${c.stage ?? "?"}: ${c.problem} (quarantined)`);
      }
      console.log(
        `verified ${r.checked} entries (${(r.bytes / 1e6).toFixed(1)} MB re-hashed): ` +
          `${r.checked - r.corrupt.length} ok, ${r.corrupt.length} corrupt`,
      );
      if (r.corrupt.length > 0) {
        throw new DeepmarkerError(
          `${r.corrupt.length} corrupt cache entries were quarantined; the next run recomputes them`,
        );
      }
    }),
);

program.addCommand(
  runCommand("reproduce", "run the paper's protocol: the embedded synthetic demo, or --cohort DIR with paper.yaml")
    .option("--spec <path>", "spec to run instead of experiments/demo.yaml")
    .action(async (o) => {
      const spec = o.spec ?? join(ROOT, "experiments", o.cohort ? "paper.yaml" : "demo.yaml");
      const ws = await openWorkspace({ warn: log });
      const t0 = performance.now();
      using interrupt = onInterrupt();
      const result = await runExperiment(spec, ws, {
        signal: interrupt.signal,
        set: o.set,
        log,
        root: ROOT,
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
        ...(o.skipBad ? { skipBad: true } : {}),
      }).finally(() => writeRunsIndex(ws));
      for (const r of result) {
        const computed = r.outcomes.filter((x) => !x.cacheHit);
        console.log(
          `run ${r.runId} (${r.variant.spec.experiment} / ${r.variant.name}): ` +
            `${r.outcomes.length - computed.length} stages cached, ${computed.length} computed`,
        );
        const table = headlineTable(
          r.outcomes.filter((x) => x.stage === "evaluate" || x.stage === "cnn").flatMap((x) => x.metrics),
        );
        if (table.length > 0) console.log(["", "Test-set ROC AUC, mean [95 % interval]:", ...table, ""].join("\n"));
        if (r.report) console.log(`report: ${r.report}`);
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
    return reportError(e, args.includes("--debug"));
  }
}

/**
 * While in scope, the first SIGINT or SIGTERM aborts the returned signal (the run stops cleanly:
 * running stages are cancelled, temp folders removed, checkpoints kept, the run tracked
 * `interrupted`); a second one exits at once with 130 / 143.
 *
 * @returns the signal, and `Symbol.dispose` to remove the handlers
 */
function onInterrupt(): { signal: AbortSignal } & Disposable {
  const controller = new AbortController();
  const signals = ["SIGINT", "SIGTERM"] as const;
  const handlers = signals.map((name) => () => {
    if (controller.signal.aborted) Deno.exit(name === "SIGINT" ? 130 : 143);
    controller.abort(new InterruptedError(name));
  });
  signals.forEach((name, i) => Deno.addSignalListener(name, handlers[i]!));
  return {
    signal: controller.signal,
    [Symbol.dispose]: () => signals.forEach((name, i) => Deno.removeSignalListener(name, handlers[i]!)),
  };
}

/**
 * Print an error the way the CLI does: one `error:` line (a user error's message keeps its
 * `hint:` lines), and the stack with its causes only under `--debug`.
 *
 * @param e what was thrown
 * @param debug `--debug` was given
 * @returns the exit code (130 / 143 for an interrupted run, else 1)
 */
function reportError(e: unknown, debug: boolean): number {
  const error = e instanceof Error ? e : new Error(String(e));
  if (error instanceof InterruptedError) {
    console.error(error.message);
    return error.exitCode;
  }
  if (error instanceof DeepmarkerError) console.error(`error: ${error.message}`);
  else if (DiskFullError.is(error)) console.error(`error: no space left on the device: ${firstLine(error.message)}`);
  else console.error(`error: ${firstLine(error.message) || error.name}`);
  if (!debug) {
    if (!(error instanceof DeepmarkerError)) console.error("run with --debug for the stack");
    return 1;
  }
  let c: unknown = error;
  for (let depth = 0; c instanceof Error && depth < 8; depth++, c = c.cause) {
    console.error(depth === 0 ? c.stack : `caused by: ${c.stack}`);
  }
  return 1;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}

if (import.meta.main) {
  const debug = Deno.args.includes("--debug");
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    reportError(event.reason, debug);
    Deno.exit(1);
  });
  Deno.exit(await main(Deno.args));
}
