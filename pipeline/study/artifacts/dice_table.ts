/**
 * `dice.csv` of an `extract_<modality>` entry: the Dice overlap of each patient's predicted and
 * drawn tumour.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { diceTable } from "./dice_table.ts";
 * assert.equal(diceTable.format([{ patientId: "P1", dice: 0.8 }]), "patient_id,dice\nP1,0.8\n");
 * ```
 *
 * @module
 */
import { csvTable, type RowOf } from "./csv_table.ts";

/** `dice.csv`. */
export const diceTable = csvTable("dice.csv", { patientId: "string", dice: "number" });
/** One row of `dice.csv`. */
export type DiceRecord = RowOf<typeof diceTable.columns>;
