import assert from "node:assert/strict";
import { ROOT } from "../_helpers/temp_workspace.ts";

Deno.test("deno task chaos: 5 SIGKILLs spread over the toy's stages leave no corrupt entry and no mismatch", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/chaos.ts", "--kills", "5", "--seed", "1"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
  assert.match(stdout, /^kills: 5 \(/m);
  assert.match(stdout, /^corrupt entries: 0 \(quarantined during runs: 0, found by verify --all: 0 of 3\)$/m);
  assert.match(stdout, /^mismatches with the clean run: 0 of 3 stages$/m);
  assert.match(stdout, /^abandoned runs: 5; gc removed \d+ temp folders$/m);
  assert.equal((stdout.match(/^kill \d+: (generate|transform), \d+ ms into the stage$/gm) ?? []).length, 5);
});
