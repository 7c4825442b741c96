/**
 * The short table `reproduce` prints: per endpoint and evaluation protocol, the mean test-set ROC AUC
 * with its 95 % interval for the U-Net features, TLG, the radiomic baseline and (when it ran) the
 * end-to-end CNN, taken from the stage metrics `auc/<endpoint>/<model>/<protocol>`.
 *
 * @module
 */
import type { StageMetric } from "../engine/stage.ts";

const MODELS = ["unet", "tlg", "radiomics", "cnn"] as const;

/**
 * Format the headline AUCs as text lines.
 *
 * @param metrics the `evaluate` stage's metrics
 * @returns table lines (header first); empty when there are no AUC metrics
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { headlineTable } from "./headline_table.ts";
 * const lines = headlineTable([{ name: "auc/os2y/unet/bootstrap-nested", value: 0.8, lower: 0.7, upper: 0.9 }]);
 * assert.match(lines[1]!, /^os2y +bootstrap-nested +0\.80 \[0\.70, 0\.90\]/);
 * ```
 */
export function headlineTable(metrics: readonly StageMetric[]): string[] {
  const cells = new Map<string, Map<string, string>>();
  for (const m of metrics) {
    const [kind, endpoint, model, protocol] = m.name.split("/");
    if (kind !== "auc" || !endpoint || !model || !protocol) continue;
    const row = `${endpoint}\u0000${protocol}`;
    const ci = m.lower === undefined ? "" : ` [${m.lower.toFixed(2)}, ${m.upper!.toFixed(2)}]`;
    if (!cells.has(row)) cells.set(row, new Map());
    cells.get(row)!.set(model, `${m.value.toFixed(2)}${ci}`);
  }
  if (cells.size === 0) return [];
  const ran = new Set([...cells.values()].flatMap((byModel) => [...byModel.keys()]));
  const models = MODELS.filter((m) => m !== "cnn" || ran.has(m)); // the CNN column only when it ran
  const lines = [
    `${"endpoint".padEnd(8)} ${"protocol".padEnd(22)} ${models.map((m) => `AUC ${m}`.padEnd(20)).join(" ")}`.trimEnd(),
  ];
  for (const [row, byModel] of cells) {
    const [endpoint, protocol] = row.split("\u0000");
    lines.push(
      `${endpoint!.padEnd(8)} ${protocol!.padEnd(22)} ${
        models.map((m) => (byModel.get(m) ?? "—").padEnd(20)).join(" ")
      }`
        .trimEnd(),
    );
  }
  return lines;
}
