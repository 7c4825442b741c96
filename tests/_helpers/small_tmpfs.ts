/**
 * A real full disk for tests: a small tmpfs mounted on a temp folder (needs root and `mount`;
 * `CAN_MOUNT_TMPFS` says whether this machine allows it, so tests can be ignored elsewhere).
 */

function tryMount(dir: string, kb: number): boolean {
  const r = new Deno.Command("mount", { args: ["-t", "tmpfs", "-o", `size=${kb}k`, "tmpfs", dir], stderr: "null" })
    .outputSync();
  return r.success;
}

function probe(): boolean {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  const dir = Deno.makeTempDirSync({ prefix: "deepmarker-tmpfs-probe-" });
  try {
    if (!tryMount(dir, 64)) return false;
    new Deno.Command("umount", { args: [dir] }).outputSync();
    return true;
  } catch {
    return false;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Whether {@linkcode withSmallTmpfs} can run here. */
export const CAN_MOUNT_TMPFS = probe();

/** Run `fn` on a fresh tmpfs of `kb` KiB (filled to leave `freeKb` free), unmounted afterwards. */
export async function withSmallTmpfs(kb: number, freeKb: number, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "deepmarker-tmpfs-" });
  if (!tryMount(dir, kb)) throw new Error(`cannot mount a tmpfs on ${dir}`);
  try {
    const fill = (kb - freeKb) * 1024;
    if (fill > 0) await Deno.writeFile(`${dir}/.filler`, new Uint8Array(fill)).catch(() => {});
    await fn(dir);
  } finally {
    await new Deno.Command("umount", { args: [dir] }).output();
    await Deno.remove(dir, { recursive: true });
  }
}
