import assert from "node:assert/strict";
import { featureName, parseFeatureName } from "../../../pipeline/model/feature_names.ts";
import { bottleneckShape, defaultUNetConfig } from "../../../pipeline/model/unet3d.ts";

Deno.test("featureName() spans C00000 to C55295 at the paper's geometry", () => {
  const count = bottleneckShape(defaultUNetConfig).reduce((a, b) => a * b, 1);
  assert.equal(count, 55296);
  assert.equal(featureName("ct", 0, { count }), "C00000");
  assert.equal(featureName("ct", count - 1, { count }), "C55295");
  assert.throws(() => featureName("ct", count, { count }), RangeError);
  assert.throws(() => featureName("pet", 1.5), RangeError);
});

Deno.test("parseFeatureName() inverts featureName()", () => {
  for (const [modality, index] of [["ct", 16704], ["pet", 15398], ["pet", 0]] as const) {
    assert.deepEqual(parseFeatureName(featureName(modality, index)), { modality, index });
  }
  assert.throws(() => parseFeatureName("X12"), SyntaxError);
});
