/**
 * One graph per sweep: every variant of a spec is planned, and a stage that several variants share
 * (same recipe, same inputs) becomes one node. Executors run the nodes; tracking maps each node's
 * outcome back to every variant that uses it.
 *
 * @module
 */
import type { FileHasher } from "./file_hasher.ts";
import { type PlannedStage, planStages } from "./graph.ts";
import { type ResourceNeeds, type ResourceOverrides, stageNeeds } from "./resources.ts";
import type { SpecVariant } from "./spec.ts";
import type { StageDefinition } from "./stage.ts";

/** One unique stage of a sweep. */
export interface SweepNode {
  /** Static id of the stage's recipe and its inputs' ids (shared by variants that share the stage). */
  readonly id: string;
  /** The planned stage (from the first variant that uses it). */
  readonly planned: PlannedStage;
  /** Ids of its input nodes. */
  readonly deps: readonly string[];
  /** Names of the variants that use it, in matrix order. */
  readonly variants: readonly string[];
  /** What it needs to run (declaration + the first variant's `resources`). */
  readonly needs: ResourceNeeds;
}

/** One variant's view of the graph. */
export interface SweepVariant {
  readonly variant: SpecVariant;
  /** Its planned stages, in run order. */
  readonly plan: readonly PlannedStage[];
  /** Node id of each of its stages, by stage name. */
  readonly nodeOf: Readonly<Record<string, string>>;
}

/** A whole sweep. */
export interface SweepGraph {
  /** Unique nodes in dependency order. */
  readonly nodes: readonly SweepNode[];
  readonly variants: readonly SweepVariant[];
}

/** Options of {@linkcode planSweep}. */
export interface PlanSweepOptions {
  /** The stages of a variant (the study's `stagesFor`). */
  stagesFor(spec: SpecVariant["spec"]): readonly StageDefinition[];
  /** Memoising file hasher. */
  readonly hasher?: FileHasher;
}

/**
 * Plan every variant and merge their stages into one graph of unique nodes.
 *
 * @param variants the spec's variants
 * @param options the study's stages and a file hasher
 * @returns nodes (dependency order, each once) and each variant's plan
 */
export async function planSweep(variants: readonly SpecVariant[], options: PlanSweepOptions): Promise<SweepGraph> {
  const nodes = new Map<string, SweepNode>();
  const out: SweepVariant[] = [];
  for (const variant of variants) {
    const plan = await planStages(options.stagesFor(variant.spec), variant.spec, {
      ...(options.hasher ? { hasher: options.hasher } : {}),
    });
    const nodeOf: Record<string, string> = {};
    for (const planned of plan) {
      const id = planned.key;
      nodeOf[planned.stage.name] = id;
      const seen = nodes.get(id);
      if (seen) {
        nodes.set(id, { ...seen, variants: [...seen.variants, variant.name] });
        continue;
      }
      const overrides = (variant.spec as { resources?: ResourceOverrides }).resources ?? {};
      nodes.set(id, {
        id,
        planned,
        deps: planned.stage.inputs.map((i) => nodeOf[i]!),
        variants: [variant.name],
        needs: stageNeeds(planned.stage, overrides),
      });
    }
    out.push({ variant, plan, nodeOf });
  }
  return { nodes: [...nodes.values()], variants: out };
}
