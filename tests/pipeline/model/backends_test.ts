import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { backendLadder, selectBackend } from "../../../pipeline/model/backends.ts";
import { BackendUnavailableError } from "../../../pipeline/errors.ts";

Deno.test("selectBackend() walks the ladder in order and records a reason per rung", async () => {
  const picked = await selectBackend();
  assert.deepEqual(picked.probes.map((p) => p.name), backendLadder.slice(0, picked.probes.length));
  assert.equal(picked.probes.at(-1)!.ok, true);
  assert.ok(picked.probes.slice(0, -1).every((p) => !p.ok && p.reason.length > 0));
  assert.equal(tf.getBackend(), picked.tfjsBackend);
  for (const failed of picked.probes.filter((p) => !p.ok)) {
    await assert.rejects(() => selectBackend({ pin: failed.name }), BackendUnavailableError);
  }
  await tf.setBackend("cpu");
});

Deno.test("selectBackend() honours a pinned rung", async () => {
  for (const name of ["wasm", "cpu"] as const) {
    const picked = await selectBackend({ pin: name });
    assert.equal(picked.name, name);
    assert.equal(tf.getBackend(), name);
  }
});
