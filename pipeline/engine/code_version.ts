/**
 * The code version a run records: git commit and whether the work tree was dirty, plus the
 * Deno version and pinned dependency versions from `deno.json`.
 *
 * @module
 */

/** What code produced a result. */
export interface CodeVersion {
  /** Commit hash, or `"unknown"` outside a git checkout. */
  readonly commit: string;
  /** Uncommitted changes present. */
  readonly dirty: boolean;
  /** `commit` plus `-dirty` when dirty (what manifests record). */
  readonly label: string;
  readonly deno: string;
  /** Import name → pinned version, from deno.json. */
  readonly dependencies: Readonly<Record<string, string>>;
}

async function git(args: string[], cwd: string): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "null" }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Read the code version of the project at `root`.
 *
 * @param root project root (holds deno.json)
 * @returns commit, dirty flag, Deno and dependency versions
 */
export async function codeVersion(root: string): Promise<CodeVersion> {
  const commit = (await git(["rev-parse", "HEAD"], root)) ?? "unknown";
  const status = commit === "unknown" ? "" : (await git(["status", "--porcelain", "--untracked-files=no"], root)) ?? "";
  const dirty = status.length > 0;
  const dependencies: Record<string, string> = {};
  try {
    const config = JSON.parse(await Deno.readTextFile(`${root}/deno.json`)) as { imports?: Record<string, string> };
    for (const [name, spec] of Object.entries(config.imports ?? {})) {
      const m = /^npm:(.+)@([^@]+)$/.exec(spec);
      if (m) dependencies[name] = m[2]!;
    }
  } catch {
    // not fatal: outside the source tree there is no deno.json
  }
  return { commit, dirty, label: dirty ? `${commit}-dirty` : commit, deno: Deno.version.deno, dependencies };
}
