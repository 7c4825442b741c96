/**
 * What a study hands the engine: its spec schema, the stages a spec selects and what happens after
 * a run (e.g. rendering reports). The engine knows nothing else of the study.
 *
 * @module
 */
import type { EngineSpec, SpecSchemaOf } from "./spec.ts";
import type { StageDefinition } from "./stage.ts";
import type { Workspace } from "./workspace.ts";

/** Report pages an after-run hook wrote: one per run (in order), and one for the experiment. */
export interface AfterRunPages {
  readonly runs: readonly (string | undefined)[];
  readonly experiment?: string;
}

/** A study, as the engine sees it. */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface Study<S extends EngineSpec = any> {
  /** Validates a spec variant (unknown fields are errors; defaults filled). */
  readonly schema: SpecSchemaOf<S>;
  /** The stages this spec runs. */
  stagesFor(spec: S): readonly StageDefinition<unknown, S>[];
  /** The compute backend a run of this spec asks for (tracked with the run). @default "none" */
  backendOf?(spec: S): string;
  /** Called once after every variant ran successfully, with the runs in order. @default none */
  afterRun?(runs: readonly { readonly runId: string; readonly spec: S }[], workspace: Workspace): Promise<
    AfterRunPages | undefined
  >;
}
