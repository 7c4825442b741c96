/**
 * Run an experiment spec: every matrix variant is planned, executed through the cache and
 * tracked as one run in DuckDB (spec, resolved params, code version, backend, timings, metrics).
 *
 * @module
 */
import { hostname } from "node:os";
import { type CodeVersion, codeVersion } from "./code_version.ts";
import { planStages } from "./graph.ts";
import { createProgress } from "../progress.ts";
import { type PipelineResult, runPipeline, type StageOutcome } from "./runner.ts";
import { type EngineSpec, loadSpecFile, type SpecVariant } from "./spec.ts";
import type { Study } from "./study.ts";
import type { Workspace } from "./workspace.ts";

/** Options of {@linkcode runSpec}. */
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
 * Load a spec of a study and run every variant.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the study, overrides, force, hooks
 * @returns one tracked run per variant
 * @throws {SpecError} on a bad spec; {StageError} (or a DeepmarkerError listing several) when stages fail
 */
export async function runSpec<S extends EngineSpec>(
  specPath: string,
  workspace: Workspace,
  options: RunSpecOptions<S>,
): Promise<VariantRun<S>[]> {
  const { study } = options;
  const loaded = await loadSpecFile(specPath, { schema: study.schema, set: options.set ?? [] });
  const version = await codeVersion(options.root ?? Deno.cwd());
  const log = options.log ?? (() => {});
  const runs: VariantRun<S>[] = [];
  const variants = loaded.variants.filter((v) => !options.variants || options.variants.includes(v.name));
  for (const variant of variants) {
    const stages = study.stagesFor(variant.spec);
    const plan = await planStages(stages, variant.spec, { hasher: workspace.hasher });
    await workspace.hasher.save();
    const runId = newRunId();
    await workspace.tracker.startRun(runRecord(runId, loaded, variant, {
      code: version,
      backend: study.backendOf?.(variant.spec) ?? "none",
    }));
    log(`run ${runId}: ${variant.spec.experiment} / ${variant.name} (${plan.length} stages)`);
    let backend: string | undefined;
    const onStage = async (o: StageOutcome) => {
      log(describeOutcome(o));
      await workspace.tracker.recordStage({
        runId,
        stage: o.stage,
        key: o.key,
        cacheHit: o.cacheHit,
        durationMs: o.durationMs,
        status: o.status,
        error: o.error?.message ?? null,
      }, o.metrics);
    };
    try {
      const result = await runPipeline(plan, {
        cache: workspace.cache,
        codeVersion: version.label,
        force: options.force ?? [],
        onError: options.onError ?? "fail",
        onStage,
        onStart: (stage, key) => log(`${stage}: computing (key ${key.slice(0, 12)})`),
        progressFor: (stage) =>
          options.progress === false ? { start() {}, tick() {}, message() {} } : createProgress({ label: stage }),
        warn: (m) => log(`warning: ${m}`),
      });
      for (const e of result.entries.values()) {
        if (typeof e.manifest.info.backend === "string") backend = e.manifest.info.backend;
      }
      await workspace.tracker.finishRun(runId, {
        status: "ok",
        endedAt: new Date().toISOString(),
        ...(backend ? { backend } : {}),
      });
      runs.push({ runId, variant, ...result });
    } catch (e) {
      await workspace.tracker.finishRun(runId, { status: "failed", endedAt: new Date().toISOString() });
      throw e;
    }
  }
  if (options.report === false || runs.length === 0 || !study.afterRun) return runs;
  const pages = await study.afterRun(runs.map((r) => ({ runId: r.runId, spec: r.variant.spec })), workspace);
  if (!pages) return runs;
  if (pages.experiment) log(`experiment report: ${pages.experiment}`);
  return runs.map((r, i) => {
    const report = pages.runs[i];
    return report ? { ...r, report } : r;
  });
}

function describeOutcome(o: StageOutcome): string {
  if (o.status === "ok") {
    return `${o.stage}: ${o.cacheHit ? "cached" : `computed in ${(o.durationMs / 1000).toFixed(1)}s`}`;
  }
  return `${o.stage}: ${o.status} — ${o.error?.message ?? ""}`;
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
