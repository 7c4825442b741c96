/**
 * What a tracked run of a spec is: the options a run takes, the record each variant's run gets in
 * DuckDB (spec, resolved params, code version, host, pid) and its id. `runSweep` runs them.
 *
 * @module
 */
import { hostname } from "node:os";
import type { CodeVersion } from "./code_version.ts";
import type { PipelineResult } from "./runner.ts";
import type { EngineSpec, SpecVariant } from "./spec.ts";
import type { Study } from "./study.ts";

/** Options of a run of a spec (`runSweep` adds where to run). */
export interface RunSpecOptions<S extends EngineSpec> {
  /** The study: schema, stages, after-run hook. */
  readonly study: Study<S>;
  /** `--set key=value` overrides. @default [] */
  readonly set?: readonly string[];
  /** `--force STAGE`: recompute these stages and their descendants. @default [] */
  readonly force?: readonly string[];
  /** Only these variants. @default all */
  readonly variants?: readonly string[];
  /** Stop at the first failure or keep going with independent stages. @default "fail" */
  readonly onError?: "fail" | "keep-going";
  /** Line-oriented log (stage starts and ends). @default none */
  readonly log?: (line: string) => void;
  /** Show progress on stderr. @default true */
  readonly progress?: boolean;
  /** Project root for the code version. @default Deno.cwd() */
  readonly root?: string;
  /** Call the study's after-run hook (e.g. render the HTML reports). @default true */
  readonly report?: boolean;
  /** Stops the run (SIGINT/SIGTERM): its reason, an `InterruptedError`, is rethrown naming the run. */
  readonly signal?: AbortSignal;
}

/** One tracked run (one variant). */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface VariantRun<S extends EngineSpec = any> extends PipelineResult {
  readonly runId: string;
  readonly variant: SpecVariant<S>;
  /** Path of the run's report page, where the after-run hook wrote one. */
  readonly report?: string;
}

/**
 * The tracking record of a variant's run when it starts.
 *
 * @param id run id
 * @param loaded the spec file's path and text
 * @param variant the variant
 * @param facts the code version and the backend the spec asks for
 * @returns the record for `Tracker.startRun`
 */
export function runRecord(
  id: string,
  loaded: { path: string; text: string },
  variant: SpecVariant,
  facts: { code: CodeVersion; backend: string },
) {
  const v = facts.code;
  return {
    id,
    experiment: variant.spec.experiment,
    variant: variant.name,
    specPath: loaded.path,
    specText: loaded.text,
    params: variant.spec,
    gitCommit: v.commit,
    gitDirty: v.dirty,
    denoVersion: v.deno,
    dependencies: v.dependencies,
    backend: facts.backend,
    host: hostname(),
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: "running" as const,
  };
}

/**
 * A new run id: UTC time plus 6 random hex digits, e.g. `20261204-154412-a1b2c3`.
 *
 * @returns the id
 */
export function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const r = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${t}-${r}`;
}
