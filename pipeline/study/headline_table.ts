/**
 * The short table `reproduce` prints: per endpoint and evaluation protocol, the mean test-set ROC AUC
 * with its 95 % interval for the U-Net features, TLG and the radiomic baseline, taken from the
 * `evaluate` stage's metrics (`auc/<endpoint>/<model>/<protocol>`).
 *
 * @module
 */
import type { StageMetric } from "../engine/stage.ts";

const MODELS = ["unet", "tlg", "radiomics"] as const;

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
  const lines = [
    `${"endpoint".padEnd(8)} ${"protocol".padEnd(22)} ${MODELS.map((m) => `AUC ${m}`.padEnd(20)).join(" ")}`,
  ];
  for (const [row, byModel] of cells) {
    const [endpoint, protocol] = row.split("\u0000");
    lines.push(
      `${endpoint!.padEnd(8)} ${protocol!.padEnd(22)} ${
        MODELS.map((m) => (byModel.get(m) ?? "—").padEnd(20)).join(" ")
      }`
        .trimEnd(),
    );
  }
  return lines;
}
