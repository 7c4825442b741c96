import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileDurably } from "../../pipeline/durable_write.ts";
import { DiskFullError } from "../../pipeline/errors.ts";
import { CAN_MOUNT_TMPFS, withSmallTmpfs } from "../_helpers/small_tmpfs.ts";

Deno.test("writeFileDurably() replaces a file whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFileDurably(join(dir, "a.json"), "old");
    await writeFileDurably(join(dir, "a.json"), new TextEncoder().encode("new"));
    assert.equal(await Deno.readTextFile(join(dir, "a.json")), "new");
    assert.deepEqual((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name), ["a.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "writeFileDurably() on a full disk throws DiskFullError naming the file, keeps the old content, leaves no temp file",
  ignore: !CAN_MOUNT_TMPFS,
  fn: () =>
    withSmallTmpfs(256, 16, async (dir) => {
      const path = join(dir, "state.json");
      await writeFileDurably(path, "old");
      await assert.rejects(
        () => writeFileDurably(path, new Uint8Array(64 * 1024)),
        (e: unknown) => e instanceof DiskFullError && e.path === path && e.message.includes(path),
      );
      assert.equal(await Deno.readTextFile(path), "old");
      assert.deepEqual((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(), [".filler", "state.json"]);
    }),
});
