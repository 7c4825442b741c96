// deno-lint-ignore-file no-console -- the CLI and developer scripts talk to the terminal
/**
 * Fails when a public file of a folder with a `mod.ts` is not re-exported by it (STYLE C2).
 * Files starting with `_` are private and must NOT be re-exported.
 */
import { basename, dirname, join } from "node:path";
import { localImports, sourceFiles } from "./_source_files.ts";

const root = new URL("../", import.meta.url).pathname;
const files = await sourceFiles(root);
const problems: string[] = [];
for (const mod of files.filter((f) => basename(f) === "mod.ts" && f !== "mod.ts")) {
  const dir = dirname(mod);
  const exported = new Set(await localImports(root, mod));
  for (const f of files.filter((x) => dirname(x) === dir && basename(x) !== "mod.ts")) {
    const isPrivate = basename(f).startsWith("_") || basename(f).startsWith("unstable_");
    if (!isPrivate && !exported.has(f)) problems.push(`${f} is public but not re-exported by ${join(dir, "mod.ts")}`);
    if (isPrivate && exported.has(f)) problems.push(`${f} is private but re-exported by ${join(dir, "mod.ts")}`);
  }
}
for (const p of problems) console.error(`check_mod_exports: ${p}`);
if (problems.length > 0) Deno.exit(1);
console.error(`check_mod_exports: ok`);
