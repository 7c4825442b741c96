/**
 * How a pipeline stage is declared. A stage is a pure function of its parameters (a slice of
 * the spec), its input stages' outputs and, optionally, raw files; its outputs are cached under
 * a key derived from exactly those things.
 *
 * @module
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Rng } from "../../stats/random.ts";
import type { Progress } from "../progress.ts";
import type { CodeDigest } from "./code_closure.ts";
import type { ResourceGrant, StageResources } from "./resources.ts";

/** A finished cache entry: where a stage's outputs live. */
export interface CacheEntry {
  /** Stage name. */
  readonly stage: string;
  /** Content key (hex SHA-256). */
  readonly key: string;
  /** Absolute folder holding the outputs and `manifest.json`. */
  readonly dir: string;
  /** The entry's manifest. */
  readonly manifest: Manifest;
}

/** A metric a stage reports; recorded for every run that uses the entry. */
export interface StageMetric {
  readonly name: string;
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
}

/** Our `dvc.lock`: written beside each entry's outputs. */
export interface Manifest {
  readonly stage: string;
  /** The declaration's explicit `version` override, if any. */
  readonly version?: number;
  readonly key: string;
  /** Digest of everything but the inputs: name, version, params, raw files, code. */
  readonly recipe: string;
  readonly params: unknown;
  /** Input stage → the key of the entry that was read. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Input stage → digest of the outputs this stage reads from it (what the key depends on). */
  readonly inputDigests: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
  /** The code the result came from: the stage module's import closure and npm packages. */
  readonly code: CodeDigest;
  /** Relative path → SHA-256 of every output file. */
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * Relative path → digest of the content of outputs whose bytes vary between identical computations:
   * a DuckDB file is digested by its tables (schema and sorted rows), since its page layout is not
   * byte-reproducible. Dependents key on this rather than on the byte hash (early cutoff).
   */
  readonly contents?: Readonly<Record<string, string>>;
  /** Relative path → size in bytes of every output file (absent in entries written before sizes were recorded). */
  readonly sizes?: Readonly<Record<string, number>>;
  readonly metrics: readonly StageMetric[];
  /** Free-form facts (backend used, counts, warnings). */
  readonly info: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
  readonly codeVersion: string;
  readonly durationMs: number;
}

/** What `run` receives. */
export interface StageContext<P> {
  /** The stage's parameter slice. */
  readonly params: P;
  /** Finished entries of the input stages, by stage name. */
  readonly inputs: Readonly<Record<string, CacheEntry>>;
  /** Temporary output folder; renamed atomically into the cache on success. */
  readonly outDir: string;
  /**
   * Scratch folder of this key that survives a crash (e.g. training checkpoints, so a killed run
   * resumes); removed once the entry is committed.
   */
  readonly workDir: string;
  /** Seeded generator for a named stream (seed from the spec). */
  rng(label: string): Rng;
  /** Progress of long loops. */
  readonly progress: Progress;
  /** A connection to this entry's own DuckDB file (`tables.duckdb` in `outDir`), opened on first use. */
  db(): Promise<DuckDBConnection>;
  /** Record a metric (kept in the manifest, tracked for each run). */
  metric(metric: StageMetric): void;
  /** Record a fact about the computation (e.g. `backend`). */
  info(name: string, value: unknown): void;
  /** A soft problem, collected and shown in the report. */
  warn(message: string): void;
  /** Whether the run was asked to stop (SIGINT); long loops should check it. */
  readonly signal: AbortSignal;
  /** What the executor gave this stage (threads and workers should follow `cpus`). */
  readonly resources: ResourceGrant;
}

/** A stage declaration, over a study's spec type `S`. */
// deno-lint-ignore no-explicit-any -- the engine is generic over the study's spec; stages fix it
export interface StageDefinition<P = unknown, S = any> {
  /** Stable unique name, e.g. `"crop"`. */
  readonly name: string;
  /**
   * The stage's module (`import.meta.url`): its static import closure, the files it loads by
   * `new URL(…, import.meta.url)` and the npm packages it reaches are the stage's code, and enter
   * its key — a changed line anywhere in them makes the stage stale.
   */
  readonly source: string;
  /**
   * Explicit override: bump to force recomputation when something outside the code changes the
   * meaning of the output (the code itself is tracked). @default none
   */
  readonly version?: number;
  /** Upstream stage names. */
  readonly inputs: readonly string[];
  /**
   * Which outputs of an input the stage reads, as paths or `dir/**` prefixes, when not all of them
   * (e.g. `crop` reads only the image index of `ingest`, not the outcomes): only those enter its
   * key, so a change elsewhere in that input leaves it cached. @default every output
   */
  readonly reads?: Readonly<Record<string, readonly string[]>>;
  /** One line for `status` and the report. */
  readonly description: string;
  /** The slice of the spec this stage reads (JSON data; enters the key). */
  params(spec: S): P;
  /** Raw files or folders whose content enters the key (e.g. a cohort folder). @default none */
  files?(spec: S): readonly string[];
  /** What one run needs (cores, memory, GPUs, wall time); never part of the key. @default DEFAULT_RESOURCES */
  readonly resources?: StageResources;
  /** Produce the outputs under `ctx.outDir`. */
  run(ctx: StageContext<P>): Promise<void>;
}

/**
 * Declare a stage (identity function that fixes the parameter type).
 *
 * @param definition the declaration
 * @returns the same declaration
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineStage } from "./stage.ts";
 * const double = defineStage({
 *   name: "double", source: import.meta.url, inputs: [], description: "twice n",
 *   params: (spec: { toy: { n: number } }) => ({ n: spec.toy.n }),
 *   run: async (ctx) => { await Deno.writeTextFile(`${ctx.outDir}/n.txt`, String(2 * ctx.params.n)); },
 * });
 * assert.equal(double.name, "double");
 * ```
 */
// deno-lint-ignore no-explicit-any -- see StageDefinition
export function defineStage<P, S = any>(definition: StageDefinition<P, S>): StageDefinition<P, S> {
  return definition;
}
