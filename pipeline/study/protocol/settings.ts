/**
 * The statistics settings, spelled once: the spec's `stats:` block (same keys, same defaults, same
 * schema) plus the seed it resolves to and how a feature table's columns are used (`models`). A
 * stage's params and `deepmarker stats --settings stats.yaml` are both derived from these, so the
 * spec, the CLI, `stats.yaml` and the report can never disagree on a name or a default.
 *
 * @module
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import type { LambdaRule } from "../../../stats/lasso_fit.ts";
import { DeepmarkerError } from "../../errors.ts";
import { type Spec, StatsSchema } from "../spec_schema.ts";

const slug = z.string({ error: "expected a name" }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
  error: "expected a name of letters, digits, '_', '-' or '.'",
});

/** How the columns of a feature table enter the protocol. */
export const StatsModelsSchema = z.strictObject({
  /** Name of the model on the selected (screened, LASSO-ranked) features. */
  signature: slug.default("signature"),
  /** Fixed comparator models: name → feature columns; these columns are not screened nor selected. */
  comparators: z.record(slug, z.array(z.string()).min(1, { error: "expected a non-empty list of columns" }))
    .default({}),
});

/** `stats.yaml`: the spec's `stats:` block with its seed resolved, plus {@linkcode StatsModelsSchema}. */
export const StatsSettingsSchema = StatsSchema.extend({
  seed: z.number({ error: "expected a non-negative integer" }).int({ error: "expected a non-negative integer" })
    .nonnegative({ error: "expected a non-negative integer" }),
  models: StatsModelsSchema.default({ signature: "signature", comparators: {} }),
});

/** Every effective statistics setting. */
export type StatsSettings = z.infer<typeof StatsSettingsSchema>;

/** The model names and comparator columns of the biomarker pipeline (U-Net signature vs TLG vs radiomics). */
export const TLG_COLUMN = "pet_tlg";

/**
 * The effective statistics settings of a spec: its `stats:` block with `stats.seed` resolved to
 * the spec's seed when absent. (`models` is filled by whoever knows the feature table.)
 *
 * @param spec validated spec
 * @returns the settings
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { SpecSchema } from "../spec_schema.ts";
 * import { statsSettingsOf } from "./settings.ts";
 * const s = statsSettingsOf(SpecSchema.parse({ experiment: "x", seed: 9 }));
 * assert.equal(s.seed, 9);
 * assert.equal(s.test, "welch");
 * ```
 */
export function statsSettingsOf(spec: Spec): StatsSettings {
  return StatsSettingsSchema.parse({ ...spec.stats, seed: spec.stats.seed ?? spec.seed });
}

/**
 * The λ rule of the settings in the statistics engine's terms.
 *
 * @param lasso the `lasso` block
 * @returns the rule
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lambdaRule } from "./settings.ts";
 * assert.deepEqual(lambdaRule({ lambda: "cv_min", folds: 5 }), { kind: "cv-min", folds: 5 });
 * ```
 */
export function lambdaRule(lasso: Pick<StatsSettings["lasso"], "lambda" | "folds">): LambdaRule {
  const l = lasso.lambda;
  if (l === "cv_min") return { kind: "cv-min", folds: lasso.folds };
  if (l === "cv_1se") return { kind: "cv-1se", folds: lasso.folds };
  return "fixed" in l ? { kind: "fixed", lambda: l.fixed } : { kind: "nonzero", count: l.nonzero };
}

/**
 * Parse `stats.yaml` (YAML of {@linkcode StatsSettingsSchema}), with `KEY=VALUE` overrides in the
 * same dotted spelling as the spec's `--set stats.KEY=VALUE` minus the `stats.` prefix.
 *
 * @param text YAML text (may be empty)
 * @param path file (or `--set`), for errors
 * @param set overrides, e.g. `lasso.top_k=5`
 * @returns the settings
 * @throws {DeepmarkerError} naming the file and field of every problem
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseStatsSettings } from "./settings.ts";
 * const s = parseStatsSettings("seed: 3\n", "stats.yaml", ["lasso.top_k=5"]);
 * assert.equal(s.lasso.top_k, 5);
 * assert.throws(() => parseStatsSettings("seed: 3\ntest: mann_whitney\n", "stats.yaml"), /stats.yaml test: expected/);
 * ```
 */
export function parseStatsSettings(text: string, path: string, set: readonly string[] = []): StatsSettings {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    throw new DeepmarkerError(`${path}: YAML syntax error: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new DeepmarkerError(`${path}: expected a mapping of settings`);
  }
  const obj = raw as Record<string, unknown>;
  for (const item of set) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new DeepmarkerError(`--set ${item}: expected KEY=VALUE, e.g. lasso.top_k=5`);
    const keys = item.slice(0, eq).split(".");
    let node = obj;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = parseYaml(item.slice(eq + 1));
  }
  const r = StatsSettingsSchema.safeParse(obj);
  if (r.success) return r.data;
  throw new DeepmarkerError(
    r.error.issues.map((i) => {
      const field = i.path.map(String).join(".") || "(top level)";
      if (i.code === "unrecognized_keys") return `${path} ${field}: unknown field "${i.keys.join('", "')}"`;
      const value = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k], obj);
      if (value === undefined) return `${path} ${field}: required field is missing (${i.message})`;
      return `${path} ${field}: ${i.message}, got ${JSON.stringify(value)}`;
    }).join("\n"),
  );
}

/**
 * The text of `stats.yaml`: every effective setting, defaults included.
 *
 * @param settings the settings
 * @returns YAML text that {@linkcode parseStatsSettings} reads back to the same settings
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatStatsSettings, parseStatsSettings } from "./settings.ts";
 * const s = parseStatsSettings("seed: 3\n", "stats.yaml");
 * assert.deepEqual(parseStatsSettings(formatStatsSettings(s), "again.yaml"), s);
 * ```
 */
export function formatStatsSettings(settings: StatsSettings): string {
  return stringifyYaml(settings, { lineWidth: 0 });
}
