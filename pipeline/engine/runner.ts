/**
 * Execute a planned run: for each stage in order, reuse its cache entry or compute it into a
 * temp folder under the key's lock and commit it atomically. A failed stage leaves every earlier
 * entry intact; its dependents are skipped and named; one error lists every failure with `cause`.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { createRng } from "../../stats/random.ts";
import type { StageCache } from "./cache.ts";
import { DeepmarkerError, StageError } from "../errors.ts";
import { descendantsOf, type PlannedStage, resolveKey } from "./graph.ts";
import { type Progress, silentProgress } from "../progress.ts";
import type { CacheEntry, StageDefinition, StageMetric } from "./stage.ts";
import { localGrant } from "./local_grant.ts";
import { type ResourceGrant, stageNeeds } from "./resources.ts";

/** What happened to one stage. */
export interface StageOutcome {
  readonly stage: string;
  /** The planned node's id (see `PlannedStage.id`). */
  readonly id: string;
  /** The resolved cache key; empty when the stage was skipped before its inputs existed. */
  readonly key: string;
  readonly cacheHit: boolean;
  readonly durationMs: number;
  readonly status: "ok" | "failed" | "skipped";
  readonly error: Error | null;
  readonly metrics: readonly StageMetric[];
}

/** Options of {@linkcode runPipeline}. */
export interface RunPipelineOptions {
  /** The stage cache. */
  readonly cache: StageCache;
  /** Code version recorded in manifests (git commit). @default "unknown" */
  readonly codeVersion?: string;
  /** Stages to recompute even when cached (their descendants follow). @default [] */
  readonly force?: readonly string[];
  /** Stop at the first failure, or run every stage that does not depend on one. @default "fail" */
  readonly onError?: "fail" | "keep-going";
  /** Progress reporter per stage. @default silent */
  readonly progressFor?: (stage: string) => Progress;
  /** Called after each stage (tracking hook). */
  readonly onStage?: (outcome: StageOutcome) => Promise<void>;
  /** Called before a stage computes (for a "computing X" line). */
  readonly onStart?: (stage: string, key: string) => void;
  /** Soft problems. @default ignored */
  readonly warn?: (message: string) => void;
  /** Cancels long stages. */
  readonly signal?: AbortSignal;
  /** What each stage is given (`ctx.resources`). @default {@linkcode localGrant} of the stage's declaration */
  readonly grantFor?: (stage: StageDefinition) => ResourceGrant;
}

/** The result of a run. */
export interface PipelineResult {
  /** Finished entries by stage name. */
  readonly entries: ReadonlyMap<string, CacheEntry>;
  /** One outcome per planned stage, in order. */
  readonly outcomes: readonly StageOutcome[];
}

/**
 * Run a plan (see `planStages` in `graph.ts`).
 *
 * @param plan planned stages in order
 * @param options cache, force, error policy, hooks
 * @returns entries and outcomes
 * @throws {StageError} when one stage failed, {DeepmarkerError} listing all when several did
 */
export async function runPipeline(plan: readonly PlannedStage[], options: RunPipelineOptions): Promise<PipelineResult> {
  const forced = new Set<string>();
  for (const f of options.force ?? []) {
    if (!plan.some((p) => p.stage.name === f)) {
      throw new DeepmarkerError(
        `Cannot force stage "${f}": no such stage (stages: ${plan.map((p) => p.stage.name).join(", ")})`,
      );
    }
    for (const d of descendantsOf(plan.map((p) => p.stage), f)) forced.add(d);
  }
  const entries = new Map<string, CacheEntry>();
  const outcomes: StageOutcome[] = [];
  const failed = new Set<string>();
  let stop = false;
  for (const planned of plan) {
    const name = planned.stage.name;
    const blocked = planned.stage.inputs.filter((i) => failed.has(i));
    if (stop || blocked.length > 0) {
      failed.add(name);
      const why = blocked.length > 0 ? `input "${blocked.join('", "')}" failed` : "an earlier stage failed";
      const outcome: StageOutcome = {
        stage: name,
        id: planned.id,
        key: "",
        cacheHit: false,
        durationMs: 0,
        status: "skipped",
        error: new DeepmarkerError(`Skipped stage "${name}": ${why}`),
        metrics: [],
      };
      outcomes.push(outcome);
      await options.onStage?.(outcome);
      continue;
    }
    options.signal?.throwIfAborted(); // interrupted: no further stage starts
    const t0 = performance.now();
    let outcome: StageOutcome;
    let key = "";
    try {
      const inputs = Object.fromEntries(planned.stage.inputs.map((i) => [i, entries.get(i)!]));
      const got = await obtainStage(planned, inputs, { ...options, force: forced.has(name) });
      key = got.entry.key;
      entries.set(name, got.entry);
      outcome = {
        stage: name,
        id: planned.id,
        key,
        cacheHit: got.hit,
        durationMs: got.hit ? 0 : performance.now() - t0,
        status: "ok",
        error: null,
        metrics: got.entry.manifest.metrics,
      };
    } catch (e) {
      failed.add(name);
      stop = (options.onError ?? "fail") === "fail";
      const error = e instanceof StageError ? e : new StageError(name, key || planned.id, { cause: e });
      outcome = {
        stage: name,
        id: planned.id,
        key,
        cacheHit: false,
        durationMs: performance.now() - t0,
        status: "failed",
        error,
        metrics: [],
      };
    }
    outcomes.push(outcome);
    await options.onStage?.(outcome);
  }
  const failures = outcomes.filter((o) => o.status === "failed").map((o) => o.error!);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const skipped = outcomes.filter((o) => o.status === "skipped").map((o) => o.stage);
    throw new DeepmarkerError(
      `${failures.length} stages failed:\n${failures.map((f) => `  ${f.message}`).join("\n")}` +
        (skipped.length ? `\nskipped: ${skipped.join(", ")}` : ""),
      { cause: new AggregateError(failures) },
    );
  }
  return { entries, outcomes };
}

/** Options of {@linkcode obtainStage}. */
export interface ObtainStageOptions extends Omit<RunPipelineOptions, "force" | "onError" | "onStage"> {
  /** Recompute even when cached. @default false */
  readonly force?: boolean;
}

/**
 * One stage's entry, given its inputs' entries: resolve its key, reuse the cached entry or compute
 * it under the key's lock into a temp folder and commit it atomically. What a local run does per
 * stage, and what an executor elsewhere (another process, a cluster node) does for one node.
 *
 * @param planned the planned stage
 * @param inputs its inputs' finished entries, by stage name
 * @param options cache, force, hooks
 * @returns the entry and whether it was a cache hit
 * @throws {StageError} when the stage fails (its temp folder is removed, earlier entries stay)
 */
export async function obtainStage(
  planned: PlannedStage,
  inputs: Readonly<Record<string, CacheEntry>>,
  options: ObtainStageOptions,
): Promise<{ entry: CacheEntry; hit: boolean }> {
  const { cache } = options;
  const resolved = await resolveKey(planned, inputs);
  const key = resolved.key;
  if (!options.force) {
    const hit = await cache.get(key);
    if (hit) return { entry: hit, hit: true };
  }
  const lock = await cache.lock(key);
  try {
    if (!options.force) {
      const hit = await cache.get(key); // another run may have computed it while we waited
      if (hit) return { entry: hit, hit: true };
    }
    options.onStart?.(planned.stage.name, key);
    return { entry: await compute(planned, { ...resolved, inputs }, options), hit: false };
  } finally {
    lock.release();
  }
}

/**
 * The entries of a plan that already exist, found by walking from the roots: a stage whose inputs
 * all have entries gets its key resolved and looked up. What `status` and a cluster job (whose
 * ancestors are committed) use to find their inputs.
 *
 * @param plan planned stages in order
 * @param cache the stage cache
 * @returns stage name → resolved key, and the entry where it exists
 */
export async function resolveEntries(
  plan: readonly PlannedStage[],
  cache: StageCache,
): Promise<Map<string, { key: string; entry?: CacheEntry }>> {
  const out = new Map<string, { key: string; entry?: CacheEntry }>();
  for (const planned of plan) {
    const inputs: Record<string, CacheEntry> = {};
    for (const i of planned.stage.inputs) {
      const e = out.get(i)?.entry;
      if (e) inputs[i] = e;
    }
    if (Object.keys(inputs).length !== planned.stage.inputs.length) continue;
    const { key } = await resolveKey(planned, inputs);
    const entry = await cache.get(key);
    out.set(planned.stage.name, entry ? { key, entry } : { key });
  }
  return out;
}

async function compute(
  planned: PlannedStage,
  resolved: {
    key: string;
    inputDigests: Readonly<Record<string, string>>;
    inputs: Readonly<Record<string, CacheEntry>>;
  },
  options: ObtainStageOptions,
): Promise<CacheEntry> {
  const { stage } = planned;
  const { key, inputs } = resolved;
  const cache = options.cache;
  const outDir = await cache.tempDir(key);
  const workDir = cache.workDir(key);
  await Deno.mkdir(workDir, { recursive: true });
  const metrics: StageMetric[] = [];
  const info: Record<string, unknown> = {};
  const warnings: string[] = [];
  let database: { instance: DuckDBInstance; connection: DuckDBConnection } | undefined;
  const t0 = performance.now();
  try {
    await stage.run({
      params: planned.params,
      inputs,
      outDir,
      workDir,
      progress: options.progressFor?.(stage.name) ?? silentProgress,
      signal: options.signal ?? new AbortController().signal,
      resources: options.grantFor?.(stage) ?? localGrant(stageNeeds(stage)),
      rng(label) {
        const seed = (planned.params as { seed?: unknown } | null)?.seed;
        if (typeof seed !== "number") {
          throw new TypeError(`Stage "${stage.name}" draws random numbers but its params have no numeric "seed"`);
        }
        return createRng(seed, `${stage.name}/${label}`);
      },
      async db() {
        if (!database) {
          const instance = await DuckDBInstance.create(join(outDir, "tables.duckdb"));
          database = { instance, connection: await instance.connect() };
        }
        return database.connection;
      },
      metric: (m) => void metrics.push(m),
      info: (n, v) => void (info[n] = v),
      warn(message) {
        if (!warnings.includes(message)) warnings.push(message);
        options.warn?.(`${stage.name}: ${message}`);
      },
    });
    if (database) {
      await database.connection.run("CHECKPOINT");
      closeDatabase(database);
      database = undefined;
    }
    const entry = await cache.commit(outDir, {
      stage: stage.name,
      ...(stage.version !== undefined ? { version: stage.version } : {}),
      key,
      recipe: planned.recipe,
      params: planned.params,
      inputs: Object.fromEntries(Object.entries(inputs).map(([n, e]) => [n, e.key])),
      inputDigests: resolved.inputDigests,
      files: planned.files,
      code: planned.code,
      metrics,
      info,
      warnings,
      codeVersion: options.codeVersion ?? "unknown",
      durationMs: performance.now() - t0,
    });
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
    return entry;
  } catch (e) {
    if (database) closeDatabase(database);
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
    throw new StageError(stage.name, key, { cause: e });
  }
}

function closeDatabase(d: { instance: DuckDBInstance; connection: DuckDBConnection }): void {
  d.connection.closeSync();
  d.instance.closeSync();
}
