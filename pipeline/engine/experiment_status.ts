/**
 * `status`: for every variant of a spec, which stages are cached, which would run and why, and
 * which wait for an input (they stay cached if that input's outputs come out unchanged: early
 * cutoff). The reasons come cheapest first, against the entry this variant last used: version
 * override, parameters, code (the changed files by name), npm packages, raw files, inputs.
 *
 * @module
 */
import type { PlannedStage } from "./graph.ts";
import { planStages } from "./graph.ts";
import { paramsDiff } from "./params_diff.ts";
import { resolveEntries } from "./runner.ts";
import { type EngineSpec, loadSpecFile } from "./spec.ts";
import type { Manifest } from "./stage.ts";
import type { Study } from "./study.ts";
import type { Workspace } from "./workspace.ts";

/** The state of one stage. */
export interface StageStatus {
  readonly stage: string;
  /** The planned node's id (shared by variants that share the stage). */
  readonly id: string;
  /** The resolved cache key; empty while an input still has to run. */
  readonly key: string;
  /** `cached`; `stale` (will run); `waits` (runs after a stale input unless its outputs are unchanged). */
  readonly state: "cached" | "stale" | "waits";
  /** Why it is stale or what it waits for (empty when cached). */
  readonly reason: string;
}

/** The state of one variant. */
export interface VariantStatus {
  readonly variant: string;
  readonly stages: readonly StageStatus[];
}

/** Options of {@linkcode specStatus}. */
export interface SpecStatusOptions<S extends EngineSpec> {
  /** The study: schema and stages. */
  readonly study: Study<S>;
  /** `--set key=value` overrides. @default [] */
  readonly set?: readonly string[];
}

/**
 * Explain which stages of each variant would be reused and which recomputed.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the study and the same overrides `run` takes
 * @returns one status per variant
 * @throws {SpecError} on a bad spec
 */
export async function specStatus<S extends EngineSpec>(
  specPath: string,
  workspace: Workspace,
  options: SpecStatusOptions<S>,
): Promise<VariantStatus[]> {
  const { study } = options;
  const loaded = await loadSpecFile(specPath, { schema: study.schema, set: options.set ?? [] });
  const out: VariantStatus[] = [];
  for (const variant of loaded.variants) {
    const plan = await planStages(study.stagesFor(variant.spec), variant.spec, { hasher: workspace.hasher });
    const resolved = await resolveEntries(plan, workspace.cache);
    const previous = await workspace.tracker.lastKeys(variant.spec.experiment, variant.name);
    const stages: StageStatus[] = [];
    const notCached = new Set<string>();
    for (const p of plan) {
      const r = resolved.get(p.stage.name);
      if (r?.entry) {
        stages.push({ stage: p.stage.name, id: p.id, key: r.key, state: "cached", reason: "" });
        continue;
      }
      notCached.add(p.stage.name);
      const prevKey = previous.get(p.stage.name);
      const prev = prevKey ? (await workspace.cache.get(prevKey))?.manifest : undefined;
      const recipe = recipeReason(p, prevKey, prev);
      if (r) {
        stages.push({
          stage: p.stage.name,
          id: p.id,
          key: r.key,
          state: "stale",
          reason: recipe ?? "an input changed",
        });
        continue;
      }
      const waitsFor = p.stage.inputs.filter((i) => notCached.has(i));
      const wait = `waits for ${waitsFor.map((i) => `"${i}"`).join(", ")} (stays cached if ${
        waitsFor.length > 1 ? "their" : "its"
      } outputs are unchanged)`;
      stages.push({
        stage: p.stage.name,
        id: p.id,
        key: "",
        state: recipe ? "stale" : "waits",
        reason: recipe ? `${recipe}; runs after ${waitsFor.join(", ")}` : wait,
      });
    }
    out.push({ variant: variant.name, stages });
  }
  await workspace.hasher.save();
  return out;
}

/** Why a stage's recipe differs from the entry it last used, or `undefined` when it does not. */
function recipeReason(p: PlannedStage, prevKey: string | undefined, m: Manifest | undefined): string | undefined {
  if (!prevKey) return "never computed for this variant";
  if (!m) return "its cache entry was removed (gc) or is corrupt";
  if (m.version !== p.stage.version) {
    return `stage version changed (${m.version ?? "none"} → ${p.stage.version ?? "none"})`;
  }
  const changes = paramsDiff(m.params, p.params);
  if (changes.length > 0) {
    return changes.map((c) =>
      `parameter "${c.path}" changed (${JSON.stringify(c.before)} → ${JSON.stringify(c.after)})`
    )
      .join("; ");
  }
  if (!m.code) return `code of "${p.stage.name}" changed (its entry predates code tracking)`;
  const files = changedKeys(m.code.files, p.code.files);
  if (files.length > 0) return `code of "${p.stage.name}" changed: ${listed(files)}`;
  const before = Object.keys(m.code.packages);
  const after = Object.keys(p.code.packages);
  const packages = [
    ...after.filter((x) => !before.includes(x) || m.code.packages[x] !== p.code.packages[x]),
    ...before.filter((x) => !after.includes(x)).map((x) => `${x} (removed)`),
  ];
  if (packages.length > 0) return `npm packages of "${p.stage.name}" changed: ${listed(packages)}`;
  const raw = changedKeys(m.files, p.files);
  if (raw.length > 0) return `file ${raw.map((f) => `"${f}"`).join(", ")} changed`;
  return undefined;
}

function changedKeys(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
}

function listed(items: string[]): string {
  return items.length <= 4 ? items.join(", ") : `${items.slice(0, 4).join(", ")} and ${items.length - 4} more`;
}
