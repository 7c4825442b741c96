/**
 * Run every variant of a spec as one graph: plan the sweep, write its submission folder, hand the
 * nodes to the local executor (in this process, or worker processes side by side) or to Slurm, and
 * record each variant's run in the tracking database as the nodes finish.
 *
 * @module
 */
import { join } from "node:path";
import { DeepmarkerError, InterruptedError } from "../errors.ts";
import { codeVersion } from "./code_version.ts";
import { executeLocal } from "./execute_local.ts";
import { submitSweep } from "./execute_slurm.ts";
import { newRunId, runRecord, type RunSpecOptions, type VariantRun } from "./experiment.ts";
import { failedJobOutcome, type JobOutcome, RunFolder } from "./run_folder.ts";
import type { StageOutcome } from "./runner.ts";
import type { SlurmSubmitOptions } from "./sbatch_args.ts";
import { cancelJobs } from "./slurm_commands.ts";
import { type SlurmNodeState, slurmNodeStates } from "./slurm_node_states.ts";
import { type EngineSpec, loadSpecFile, type SpecVariant } from "./spec.ts";
import type { CacheEntry } from "./stage.ts";
import { knownEntries, planSweep, type SweepGraph } from "./sweep_graph.ts";
import { readSweepPlan, writeSweepPlan } from "./sweep_plan_file.ts";
import { SweepRecorder } from "./sweep_recorder.ts";
import type { Study } from "./study.ts";
import type { Workspace } from "./workspace.ts";
import { createProgress, silentProgress } from "../progress.ts";

/** Options of {@linkcode runSweep}: those of `runSpec` (study, overrides, force …) plus where to run. */
export interface RunSweepOptions<S extends EngineSpec> extends RunSpecOptions<S> {
  /** Where the stages run. @default "local" */
  readonly executor?: "local" | "slurm";
  /** Local stages at once (1 = in this process). @default 1 */
  readonly jobs?: number;
  /** Slurm partition, account and extra `sbatch` arguments. */
  readonly slurm?: SlurmSubmitOptions;
  /** Slurm: return once submitted. @default false */
  readonly detach?: boolean;
  /** The argv that runs one node of a submission (`deno run -A main.ts stage run NODE --run ID`). */
  stageCommand?(submission: string, node: string): string[];
  /** The argv of a local worker process serving a submission (`deno run -A main.ts stage serve --run ID`). */
  workerCommand?(submission: string): string[];
  /** Stops the sweep (Ctrl-C): local stages are cancelled, Slurm jobs `scancel`led. */
  readonly signal?: AbortSignal;
  /** Seconds between looks at Slurm's queue. @default 1 */
  readonly pollSeconds?: number;
}

/** What a sweep did. */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface SweepResult<S extends EngineSpec = any> {
  /** Submission id (folder `HOME/runs/ID`). */
  readonly submission: string;
  readonly graph: SweepGraph;
  /** One tracked run per variant (empty outcomes when detached). */
  readonly runs: readonly VariantRun<S>[];
  /** Node id → Slurm job id. */
  readonly jobs: Readonly<Record<string, string>>;
}

/**
 * Plan and run a whole sweep.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options executor, jobs, Slurm options, overrides and hooks
 * @returns the submission and one run per variant
 * @throws {DeepmarkerError} on a bad spec, an unwritable cache, a Slurm refusal, or naming every failed stage
 */
export async function runSweep<S extends EngineSpec>(
  specPath: string,
  workspace: Workspace,
  options: RunSweepOptions<S>,
): Promise<SweepResult<S>> {
  const { study } = options;
  const loaded = await loadSpecFile(specPath, { schema: study.schema, set: options.set ?? [] });
  await checkWritable(workspace.cache.root);
  const version = await codeVersion(options.root ?? Deno.cwd());
  const log = options.log ?? (() => {});
  const variants = loaded.variants.filter((v) => !options.variants || options.variants.includes(v.name));
  const graph = await planSweep(variants, { stagesFor: (spec) => study.stagesFor(spec), hasher: workspace.hasher });
  await workspace.hasher.save();
  const cached = await knownEntries(graph, workspace.cache);
  const force = forcedNodes(graph, options.force ?? []);
  const folder = new RunFolder(workspace.home, newRunId());
  const runIds = Object.fromEntries(variants.map((v) => [v.name, newRunId()]));
  const executor = options.executor ?? "local";
  await writeSweepPlan(folder, { graph, specPath: loaded.path, executor, runIds });
  const startRuns = async () => {
    for (const v of variants) {
      const backend = study.backendOf?.(v.spec) ?? "none";
      await workspace.tracker.startRun(runRecord(runIds[v.name]!, loaded, v, { code: version, backend }));
    }
  };
  const recorder = new SweepRecorder(workspace.tracker, runIds);
  log(`submission ${folder.id}: ${graph.nodes.length} unique stages in ${variants.length} variant(s)`);
  const command = (node: string) => {
    if (!options.stageCommand) {
      throw new TypeError("runSweep: stageCommand is needed to run stages outside this process");
    }
    return options.stageCommand(folder.id, node);
  };
  let outcomes: Map<string, JobOutcome>;
  let jobs: Record<string, string> = {};
  const hits = new Map<string, JobOutcome>();
  if (executor === "slurm") {
    jobs = await submitSweep(graph, {
      cached,
      folder,
      force,
      cwd: options.root ?? Deno.cwd(),
      env: { DEEPMARKER_HOME: workspace.home },
      jobCommand: command,
      ...options.slurm,
    });
    await startRuns(); // once Slurm took the jobs: a refused submission leaves no run behind
    log(
      `submitted ${Object.keys(jobs).length} job(s); ${graph.nodes.length - Object.keys(jobs).length} stage(s) cached`,
    );
    for (const n of graph.nodes.filter((n) => !jobs[n.id])) {
      const entry = cached.get(n.id)!;
      const hit: JobOutcome = {
        node: n.id,
        stage: n.planned.stage.name,
        status: "ok",
        key: entry.key,
        cacheHit: true,
        durationMs: 0,
        error: null,
        metrics: entry.manifest.metrics,
        host: "",
      };
      await recorder.record({ id: n.id, stage: hit.stage, variants: n.variants }, hit);
      hits.set(n.id, hit);
    }
    if (options.detach) return { submission: folder.id, graph, runs: [], jobs };
    const waited = await waitForSlurm(folder, recorder, {
      log,
      ...(options.signal ? { signal: options.signal } : {}),
      pollSeconds: options.pollSeconds ?? 1,
    });
    outcomes = new Map([...hits, ...waited]);
  } else {
    await startRuns();
    const jobsN = Math.max(1, options.jobs ?? 1);
    outcomes = await executeLocal(graph, {
      cache: workspace.cache,
      folder,
      jobs: jobsN,
      force,
      codeVersion: version.label,
      onError: options.onError ?? "fail",
      log,
      workerCommand: () => {
        if (!options.workerCommand) throw new TypeError("runSweep: workerCommand is needed for jobs > 1");
        const [cmd, ...args] = options.workerCommand(folder.id);
        return { command: cmd!, args, env: { DEEPMARKER_HOME: workspace.home } };
      },
      progressFor: (n) => options.progress === false ? silentProgress : createProgress({ label: n.planned.stage.name }),
      onOutcome: async (node, outcome) => {
        // a worker process reports its own computation; this line is for hits and in-process stages
        if (jobsN === 1 || outcome.cacheHit || outcome.status === "failed") log(describe(outcome));
        await recorder.record({ id: node.id, stage: node.planned.stage.name, variants: node.variants }, outcome);
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  for (const n of graph.nodes) {
    if (!outcomes.has(n.id)) {
      await recorder.record({ id: n.id, stage: n.planned.stage.name, variants: n.variants }, undefined);
    }
  }
  const backends = await backendsOf(graph, outcomes, workspace);
  const aborted = options.signal?.aborted ?? false;
  if (aborted) {
    await recorder.finish(true, backends);
    const reason = options.signal!.reason;
    throw reason instanceof InterruptedError
      ? new InterruptedError(reason.signal, Object.values(runIds).join(", "))
      : new DeepmarkerError(`Interrupted: submission ${folder.id} stopped; running it again resumes where it stopped`);
  }
  try {
    throwFailures(graph, outcomes, folder, executor);
  } catch (e) {
    await recorder.finish(false, backends);
    throw e;
  }
  const runs = await variantRuns<S>(graph, outcomes, runIds, workspace);
  let pages: Awaited<ReturnType<NonNullable<Study<S>["afterRun"]>>> | undefined;
  try {
    // A run is ok only once its report is written.
    if (options.report !== false && runs.length > 0 && study.afterRun) {
      pages = await study.afterRun(runs.map((r) => ({ runId: r.runId, spec: r.variant.spec })), workspace);
    }
  } catch (e) {
    await recorder.finish(options.signal?.aborted ?? false, backends, true);
    throw e;
  }
  await recorder.finish(false, backends);
  if (pages?.experiment) log(`experiment report: ${pages.experiment}`);
  const withReports = runs.map((r, i) => {
    const report = pages?.runs[i];
    return report ? { ...r, report } : r;
  });
  return { submission: folder.id, graph, runs: withReports, jobs };
}

/** The training backend each variant's entries report. */
async function backendsOf(
  graph: SweepGraph,
  outcomes: Map<string, JobOutcome>,
  workspace: Workspace,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of graph.nodes) {
    const key = outcomes.get(n.id)?.key;
    const backend = key ? (await workspace.cache.get(key))?.manifest.info.backend : undefined;
    if (typeof backend === "string") { for (const v of n.variants) out[v] = backend; }
  }
  return out;
}

/** Fail early, with one line, when entries cannot be written. */
async function checkWritable(root: string): Promise<void> {
  try {
    await Deno.mkdir(root, { recursive: true });
    const probe = join(root, `.write-probe-${Deno.pid}`);
    await Deno.writeTextFile(probe, "");
    await Deno.remove(probe);
  } catch (e) {
    throw new DeepmarkerError(
      `Cannot write to the cache folder "${root}": ${
        (e as Error).message
      }\nhint: set DEEPMARKER_HOME to a writable folder`,
    );
  }
}

/** The nodes of the forced stages and everything downstream of them. */
function forcedNodes(graph: SweepGraph, stages: readonly string[]): Set<string> {
  const names = new Set(graph.nodes.map((n) => n.planned.stage.name));
  for (const f of stages) {
    if (!names.has(f)) {
      throw new DeepmarkerError(`Cannot force stage "${f}": no such stage (stages: ${[...names].join(", ")})`);
    }
  }
  const out = new Set<string>();
  for (const n of graph.nodes) {
    if (stages.includes(n.planned.stage.name) || n.deps.some((d) => out.has(d))) out.add(n.id);
  }
  return out;
}

function describe(o: JobOutcome): string {
  if (o.status === "ok") {
    return `${o.stage}: ${o.cacheHit ? "cached" : `computed in ${(o.durationMs / 1000).toFixed(1)}s`}`;
  }
  return `${o.stage}: failed — ${o.error}`;
}

/** Watch a submission until no job waits or runs, recording each stage once it ends. */
async function waitForSlurm(
  folder: RunFolder,
  recorder: SweepRecorder,
  options: { log: (line: string) => void; signal?: AbortSignal; pollSeconds: number },
): Promise<Map<string, JobOutcome>> {
  const plan = (await readSweepPlan(folder))!;
  const shown = new Map<string, string>();
  const outcomes = new Map<string, JobOutcome>();
  for (;;) {
    const states = await slurmNodeStates(folder, plan);
    for (const s of states) {
      const line = stateLine(s);
      if (shown.get(s.node) === line) continue;
      shown.set(s.node, line);
      if (s.state !== "cached") options.log(line);
      const node = plan.nodes.find((n) => n.id === s.node)!;
      if (s.state === "done" || s.state === "failed" && s.outcome) {
        outcomes.set(s.node, s.outcome!);
        await recorder.record(node, s.outcome);
      } else if (s.state === "failed") {
        const failed = failedJobOutcome(s.node, s.stage, s.detail);
        outcomes.set(s.node, failed);
        await recorder.record(node, failed);
      }
    }
    const active = states.filter((s) => s.state === "queued" || s.state === "running");
    if (active.length === 0) return outcomes;
    if (options.signal?.aborted) {
      await cancelJobs(active.map((s) => s.jobId!));
      options.log(`cancelled ${active.length} job(s)`);
      return outcomes;
    }
    await new Promise((r) => setTimeout(r, options.pollSeconds * 1000));
  }
}

function stateLine(s: SlurmNodeState): string {
  const job = s.jobId ? ` (job ${s.jobId})` : "";
  const detail = s.state === "queued"
    ? (s.detail && s.detail !== "None" ? ` — waiting: ${s.detail}` : "")
    : s.detail
    ? ` — ${s.detail}`
    : "";
  const log = s.state === "failed" ? `\n  log: ${s.log}` : "";
  return `${s.stage} ${s.node.slice(0, 8)}: ${s.state}${job}${detail}${log}`;
}

/** Throw one error naming every failed stage (and its log when it ran elsewhere). */
function throwFailures(
  graph: SweepGraph,
  outcomes: Map<string, JobOutcome>,
  folder: RunFolder,
  executor: string,
): void {
  const failed = graph.nodes.filter((n) => outcomes.get(n.id)?.status === "failed");
  if (failed.length === 0) return;
  const lines = failed.map((n) => {
    const o = outcomes.get(n.id)!;
    const where = executor === "slurm" || o.host !== "local"
      ? `\n  log: ${folder.logPath(n.id, n.planned.stage.name)}`
      : "";
    return `stage "${n.planned.stage.name}" failed: ${o.error}${where}`;
  });
  const skipped = graph.nodes.filter((n) => !outcomes.has(n.id)).map((n) => n.planned.stage.name);
  throw new DeepmarkerError(
    (failed.length === 1 ? lines[0]! : `${failed.length} stages failed:\n${lines.map((l) => `  ${l}`).join("\n")}`) +
      (skipped.length ? `\nnot run: ${[...new Set(skipped)].join(", ")}` : ""),
  );
}

/** Each variant's outcomes and entries, in its plan's order. */
async function variantRuns<S extends EngineSpec>(
  graph: SweepGraph,
  outcomes: Map<string, JobOutcome>,
  runIds: Readonly<Record<string, string>>,
  workspace: Workspace,
): Promise<VariantRun<S>[]> {
  const seen = new Set<string>();
  const runs: VariantRun<S>[] = [];
  for (const v of graph.variants) {
    const entries = new Map<string, CacheEntry>();
    const list: StageOutcome[] = [];
    for (const planned of v.plan) {
      const id = v.nodeOf[planned.stage.name]!;
      const o = outcomes.get(id)!;
      const entry = o.key ? await workspace.cache.get(o.key) : undefined;
      if (entry) entries.set(planned.stage.name, entry);
      const first = !seen.has(id);
      seen.add(id);
      list.push({
        stage: planned.stage.name,
        id,
        key: entry?.key ?? "",
        cacheHit: o.cacheHit || !first,
        durationMs: first ? o.durationMs : 0,
        status: "ok",
        error: null,
        metrics: entry?.manifest.metrics ?? o.metrics,
      });
    }
    runs.push({ runId: runIds[v.variant.name]!, variant: v.variant as SpecVariant<S>, entries, outcomes: list });
  }
  return runs;
}
