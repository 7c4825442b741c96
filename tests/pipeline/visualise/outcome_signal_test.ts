import assert from "node:assert/strict";
import { featureMatrix } from "../../../stats/feature_matrix.ts";
import { createRng } from "../../../stats/random.ts";
import { outcomeSignal } from "../../../pipeline/visualise/outcome_signal.ts";

const rng = createRng(3, "outcome-signal-test");
const n = 60;
const columns = Array.from({ length: 40 }, () => Array.from({ length: n }, () => rng.normal()));
const options = { permutations: 19, seed: 1, folds: 5, topK: 3 };

Deno.test("outcomeSignal(): a real driver beats every permutation; a noise outcome does not", () => {
  const driven = columns[4]!.map((v) => (v + 0.5 * rng.normal() > 0 ? 1 : 0));
  const noise = columns[0]!.map(() => (rng.uniform() < 0.5 ? 1 : 0));
  const m = featureMatrix(columns);
  const real = outcomeSignal(m, driven, options);
  assert.ok(real.auc > 0.8 && real.pValue === 0.05, JSON.stringify(real));
  const none = outcomeSignal(m, noise, options);
  assert.ok(none.pValue > 0.05, JSON.stringify(none));
  assert.equal(none.permutedAuc.length, 19);
});
