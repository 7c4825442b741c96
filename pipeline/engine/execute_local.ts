/**
 * The local executor: a sweep's nodes run on this machine, ready nodes at once as far as cores,
 * memory and `--jobs` allow. With one job every stage runs in this process; with more, each
 * stage that must compute runs in its own worker process (`stage run`), so CPU-bound stages truly
 * run side by side, each with its own BLAS thread count. Either way a stage is obtained exactly
 * as `obtainStage` does it, so the entries are the same bit for bit.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import type { StageCache } from "./cache.ts";
import { localGrant } from "./local_grant.ts";
import type { Progress } from "../progress.ts";
import type { JobOutcome, RunFolder } from "./run_folder.ts";
import { obtainStage } from "./runner.ts";
import { type Capacity, scheduleGraph } from "./schedule_graph.ts";
import type { CacheEntry } from "./stage.ts";
import { knownEntries, type SweepGraph, type SweepNode } from "./sweep_graph.ts";
import { resolveKey } from "./graph.ts";
import { type WorkerCommand, WorkerPool } from "./worker_pool.ts";

/** Options of {@linkcode executeLocal}. */
export interface ExecuteLocalOptions {
  readonly cache: StageCache;
  /** The submission folder (plan written; worker processes read it). */
  readonly folder: RunFolder;
  /** Stages running at once; 1 runs everything in this process. */
  readonly jobs: number;
  /** This machine. @default {@linkcode machineCapacity} */
  readonly machine?: Omit<Capacity, "jobs">;
  /** The command line of a worker process (`stage serve`; see {@linkcode WorkerPool}). */
  workerCommand(): WorkerCommand;
  /** Node ids to recompute even when cached. @default none */
  readonly force?: ReadonlySet<string>;
  /** Stop at the first failure or keep going with independent stages. @default "fail" */
  readonly onError?: "fail" | "keep-going";
  /** Code version for manifests. */
  readonly codeVersion?: string;
  /** Called when a node ends (tracking). */
  readonly onOutcome?: (node: SweepNode, outcome: JobOutcome) => Promise<void> | void;
  /** Progress of in-process stages. */
  readonly progressFor?: (node: SweepNode) => Progress;
  /** Lines for the user (starts, running set, worker output). */
  readonly log?: (line: string) => void;
  /** Stops starting stages and cancels running ones. */
  readonly signal?: AbortSignal;
}

/**
 * The cores, memory (GB) and GPUs of this machine (`DEEPMARKER_GPUS` declares local GPUs).
 *
 * @returns capacity without a job limit
 */
export function machineCapacity(): Omit<Capacity, "jobs"> {
  return {
    cpus: Math.max(1, navigator.hardwareConcurrency || 1),
    memGb: Deno.systemMemoryInfo().total / 1024 ** 3,
    gpus: Number(Deno.env.get("DEEPMARKER_GPUS") ?? 0) || 0,
  };
}

/**
 * Run a sweep's nodes locally.
 *
 * @param graph the sweep
 * @param options cache, folder, jobs, worker command and hooks
 * @returns one outcome per node, by node id (nodes skipped after a failure have none)
 */
export async function executeLocal(graph: SweepGraph, options: ExecuteLocalOptions): Promise<Map<string, JobOutcome>> {
  const machine = options.machine ?? machineCapacity();
  const jobs = Math.max(1, options.jobs);
  const log = options.log ?? (() => {});
  const entries = new Map<string, CacheEntry>();
  const outcomes = new Map<string, JobOutcome>();
  const cached = new Set<string>();
  for (const id of (await knownEntries(graph, options.cache)).keys()) if (!options.force?.has(id)) cached.add(id);
  // stages that scale with cores share the machine between as many of them as may run at once
  const scaling = graph.nodes.filter((n) => n.needs.cpus === "all" && !cached.has(n.id)).length;
  const allCpus = Math.max(1, Math.floor(machine.cpus / Math.max(1, Math.min(jobs, scaling))));
  const grantOf = (n: SweepNode) => localGrant(n.needs, { cores: machine.cpus, allCpus });
  const pool = jobs > 1 ? new WorkerPool(options.workerCommand()) : undefined;
  const stopWorkers = () => void pool?.close("SIGINT");
  options.signal?.addEventListener("abort", stopWorkers);
  const sched = graph.nodes.map((n) => ({ ...n, cpus: grantOf(n).cpus, memGb: n.needs.memGb, gpus: n.needs.gpus }));
  const results = await scheduleGraph(sched, {
    capacity: { ...machine, jobs },
    onError: options.onError ?? "fail",
    ...(options.signal ? { signal: options.signal } : {}),
    onRunning: (running) => {
      if (jobs > 1 && running.length > 0) {
        log(`running: ${running.map((n) => `${n.planned.stage.name} ${n.id.slice(0, 8)}`).join(", ")}`);
      }
    },
    run: async (n) => {
      const inputs = Object.fromEntries(
        n.planned.stage.inputs.map((name, i) => [name, entries.get(n.deps[i]!)!]),
      );
      const outcome = await obtainNode(n, inputs, grantOf(n).cpus, { ...options, jobs, pool });
      outcomes.set(n.id, outcome); // first: writing the outcome file can fail too (a full disk)
      if (!pool || outcome.host === "local") await options.folder.writeOutcome(outcome); // workers write their own
      await options.onOutcome?.(n, outcome);
      if (outcome.status === "failed") {
        throw new DeepmarkerError(
          `${outcome.error}${jobs > 1 ? `\nlog: ${options.folder.logPath(n.id, n.planned.stage.name)}` : ""}`,
        );
      }
      const entry = await options.cache.get(outcome.key!);
      if (!entry) {
        throw new DeepmarkerError(
          `Stage "${n.planned.stage.name}" reported key ${outcome.key} but the cache has no such entry`,
        );
      }
      entries.set(n.id, entry);
    },
  });
  options.signal?.removeEventListener("abort", stopWorkers);
  await pool?.close();
  for (const r of results) {
    if (r.status === "skipped") {
      log(`${graph.nodes.find((n) => n.id === r.id)!.planned.stage.name}: skipped — ${r.error?.message}`);
    }
  }
  return outcomes;
}

async function obtainNode(
  n: SweepNode,
  inputs: Record<string, CacheEntry>,
  cpus: number,
  options: ExecuteLocalOptions & { jobs: number; pool: WorkerPool | undefined },
): Promise<JobOutcome> {
  const base = { node: n.id, stage: n.planned.stage.name, host: "local" };
  const force = options.force?.has(n.id) ?? false;
  const t0 = performance.now();
  if (!force) {
    const hit = await options.cache.get((await resolveKey(n.planned, inputs)).key);
    if (hit) {
      return {
        ...base,
        status: "ok",
        key: hit.key,
        cacheHit: true,
        durationMs: 0,
        error: null,
        metrics: hit.manifest.metrics,
      };
    }
  }
  if (!options.pool) {
    try {
      const { entry, hit } = await obtainStage(n.planned, inputs, {
        cache: options.cache,
        force,
        grantFor: () => localGrant(n.needs, { cores: cpus }),
        onStart: (stage, key) => options.log?.(`${stage}: computing (key ${key.slice(0, 12)})`),
        ...(options.codeVersion ? { codeVersion: options.codeVersion } : {}),
        ...(options.progressFor ? { progressFor: () => options.progressFor!(n) } : {}),
        ...(options.log ? { warn: (m: string) => options.log!(`warning: ${m}`) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const durationMs = hit ? 0 : performance.now() - t0;
      return {
        ...base,
        status: "ok",
        key: entry.key,
        cacheHit: hit,
        durationMs,
        error: null,
        metrics: entry.manifest.metrics,
      };
    } catch (e) {
      const error = (e as Error).message;
      return {
        ...base,
        status: "failed",
        key: null,
        cacheHit: false,
        durationMs: performance.now() - t0,
        error,
        metrics: [],
      };
    }
  }
  return await runWorker(n, cpus, options.pool, options);
}

/** One node on a worker process; its stderr goes to the stage's log and, line by line, to ours. */
async function runWorker(
  n: SweepNode,
  cpus: number,
  pool: WorkerPool,
  options: ExecuteLocalOptions,
): Promise<JobOutcome> {
  const stage = n.planned.stage.name;
  const file = await Deno.open(options.folder.logPath(n.id, stage), { create: true, write: true, truncate: true });
  const encoder = new TextEncoder();
  options.log?.(`${stage}: computing on ${cpus} core${cpus === 1 ? "" : "s"} (node ${n.id.slice(0, 12)})`);
  let died = "";
  try {
    await pool.run({ node: n.id, cpus, force: options.force?.has(n.id) ?? false }, (line) => {
      file.writeSync(encoder.encode(`${line}\n`));
      options.log?.(line);
    });
  } catch (e) {
    died = (e as Error).message;
  } finally {
    file.close();
  }
  const outcome = await options.folder.readOutcome(n.id);
  if (outcome) return outcome;
  const error = `Cannot run stage "${stage}": ${died || "the worker left no outcome"}`;
  return {
    node: n.id,
    stage,
    host: "local",
    status: "failed",
    key: null,
    cacheHit: false,
    durationMs: 0,
    error,
    metrics: [],
  };
}
