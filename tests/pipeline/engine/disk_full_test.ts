import assert from "node:assert/strict";
import { join } from "node:path";
import { StageCache } from "../../../pipeline/engine/cache.ts";
import { ROOT, runCli } from "../../_helpers/temp_workspace.ts";
import { CAN_MOUNT_TMPFS, withSmallTmpfs } from "../../_helpers/small_tmpfs.ts";

const TOY = join(ROOT, "experiments", "toy.yaml");

async function namesUnder(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch {
    return [];
  }
}

Deno.test({
  name: "a full disk under the tracking database or the cache is one error line naming the path; nothing is committed",
  ignore: !CAN_MOUNT_TMPFS,
  async fn(t) {
    for (
      const [what, freeKb, pattern] of [
        // DuckDB reports a full disk while creating its file either as such or as a short read of the file
        ["tracking", 8, /^error: .*".*\/home\/deepmarker\.duckdb".*\n$/],
        ["cache", 400, /^error: .*No space left on .*["'][^"']*\/home\/[^"']+["']\n$/],
      ] as const
    ) {
      await t.step(what, () =>
        withSmallTmpfs(1024, freeKb, async (dir) => {
          const home = join(dir, "home");
          // --jobs 1: no worker process keeps the tmpfs busy when the test unmounts it
          const r = await runCli(home, ["run", TOY, "--jobs", "1", "--set", "toy.n=30000"]);
          assert.equal(r.code, 1, r.stderr);
          const errors = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
          assert.equal(errors.length, 1, r.stderr);
          assert.match(errors.join("\n") + "\n", pattern);
          assert.doesNotMatch(r.stderr, /\n\s+at /);
          const cache = new StageCache(join(home, "cache"));
          assert.deepEqual(await cache.keys(), []);
          assert.deepEqual(await namesUnder(join(home, "cache", "tmp")), []);
          if (what === "tracking") {
            assert.ok(!(await namesUnder(home)).includes("deepmarker.duckdb"), "no half database");
          }
        }));
    }
  },
});
