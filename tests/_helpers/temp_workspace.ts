/**
 * Test helpers: a real workspace (cache folder + DuckDB tracking file) in a temp dir, and a
 * way to run the CLI as a subprocess against it.
 */
import { join } from "node:path";
import { openWorkspace, type Workspace } from "../../pipeline/engine/workspace.ts";

/** The project root (where main.ts is). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** A temporary workspace; call `cleanup()` at the end. */
export async function tempWorkspace(): Promise<Workspace & { dir: string; cleanup(): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "deepmarker-test-" });
  const ws = await openWorkspace({ home: join(dir, "home"), outRoot: join(dir, "out") });
  return { ...ws, dir, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/** Write a spec file into `dir` and return its path. */
export async function writeSpec(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await Deno.writeTextFile(path, text);
  return path;
}

/** Start `deno run -A main.ts ARGS` with the workspace's home. */
export function spawnCli(home: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), ...args],
    cwd: ROOT,
    env: { DEEPMARKER_HOME: home, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Run the CLI to completion; returns exit code, stdout and stderr. */
export async function runCli(home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await spawnCli(home, args).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
