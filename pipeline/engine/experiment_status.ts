/**
 * `status`: for every variant of a spec, which stages are cached and why the others are stale
 * (cheapest check first: definition version, then parameters, then input keys, then raw files).
 *
 * @module
 */
import { flagOverrides, type RunExperimentOptions } from "./experiment.ts";
import { type PlannedStage, planStages } from "./graph.ts";
import { paramsDiff } from "./params_diff.ts";
import { loadSpec } from "./spec.ts";
import { stagesFor } from "../study/stages/registry.ts";
import type { Workspace } from "./workspace.ts";

/** The state of one stage. */
export interface StageStatus {
  readonly stage: string;
  readonly key: string;
  readonly state: "cached" | "stale";
  /** Why it is stale (empty when cached). */
  readonly reason: string;
}

/** The state of one variant. */
export interface VariantStatus {
  readonly variant: string;
  readonly stages: readonly StageStatus[];
}

/**
 * Explain which stages of each variant would be reused and which recomputed.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the same overrides `run` takes
 * @returns one status per variant
 * @throws {SpecError} on a bad spec
 */
export async function experimentStatus(
  specPath: string,
  workspace: Workspace,
  options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad"> = {},
): Promise<VariantStatus[]> {
  const loaded = await loadSpec(specPath, { set: flagOverrides(options) });
  const out: VariantStatus[] = [];
  for (const variant of loaded.variants) {
    const plan = await planStages(stagesFor(variant.spec), variant.spec, { hasher: workspace.hasher });
    const previous = await workspace.tracker.lastKeys(variant.spec.experiment, variant.name);
    const stages: StageStatus[] = [];
    const staleNames = new Set<string>();
    for (const p of plan) {
      if (await workspace.cache.get(p.key)) {
        stages.push({ stage: p.stage.name, key: p.key, state: "cached", reason: "" });
        continue;
      }
      staleNames.add(p.stage.name);
      stages.push({
        stage: p.stage.name,
        key: p.key,
        state: "stale",
        reason: await reason(p, previous, workspace, staleNames),
      });
    }
    out.push({ variant: variant.name, stages });
  }
  await workspace.hasher.save();
  return out;
}

async function reason(
  p: PlannedStage,
  previous: Map<string, string>,
  workspace: Workspace,
  staleNames: Set<string>,
): Promise<string> {
  const prevKey = previous.get(p.stage.name);
  if (!prevKey) return "never computed for this variant";
  const prev = await workspace.cache.get(prevKey);
  if (!prev) return "its cache entry was removed (gc) or is corrupt";
  const m = prev.manifest;
  if (m.version !== p.stage.version) return `stage version changed (${m.version} → ${p.stage.version})`;
  const changes = paramsDiff(m.params, p.params);
  if (changes.length > 0) {
    return changes.map((c) =>
      `parameter "${c.path}" changed (${JSON.stringify(c.before)} → ${JSON.stringify(c.after)})`
    )
      .join("; ");
  }
  const inputs = Object.keys(p.inputKeys).filter((i) => m.inputs[i] !== p.inputKeys[i]);
  if (inputs.length > 0) {
    const why = inputs.map((i) => staleNames.has(i) ? `input "${i}" is stale` : `input "${i}" changed`);
    return why.join("; ");
  }
  const files = Object.keys({ ...p.files, ...m.files }).filter((f) => m.files[f] !== p.files[f]);
  if (files.length > 0) return `file ${files.map((f) => `"${f}"`).join(", ")} changed`;
  return "its cache entry is missing";
}
