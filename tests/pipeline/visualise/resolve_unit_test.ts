import assert from "node:assert/strict";
import { defaultUNetConfig } from "../../../pipeline/model/unet3d.ts";
import { resolveUnit } from "../../../pipeline/visualise/resolve_unit.ts";

Deno.test("resolveUnit() follows the channel-fastest flattening of feature_names.ts", () => {
  const u = resolveUnit(defaultUNetConfig, 55295);
  assert.deepEqual([u.z, u.y, u.x, u.channel, u.name], [5, 11, 11, 63, "C55295"]);
  const p = resolveUnit(defaultUNetConfig, "P15398", { modality: "pet" });
  assert.equal(((p.z * 12 + p.y) * 12 + p.x) * 64 + p.channel, 15398);
  assert.throws(() => resolveUnit(defaultUNetConfig, 55296), RangeError);
  assert.throws(() => resolveUnit(defaultUNetConfig, "P15398"), /modality is "ct"/);
  assert.throws(() => resolveUnit(defaultUNetConfig, "X1"), SyntaxError);
});
