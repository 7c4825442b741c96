/** Shared by the checker scripts: the project's TypeScript sources and their relative imports. */
import { dirname, join, relative, resolve } from "node:path";

/** Folders that hold no source to check. */
const SKIP = new Set(["node_modules", ".git", ".deepmarker", "out", ".scratch", "tests", "bench", "tools", "fixtures"]);

/** Every source `.ts` file under `root` (not tests, benches, tools or fixtures), relative paths. */
export async function sourceFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const e of Deno.readDir(dir)) {
      if (SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.name.endsWith(".ts")) out.push(relative(root, p));
    }
  }
  await walk(root);
  return out.sort();
}

/** Relative imports (static, re-export and dynamic) of one file, resolved to root-relative paths. */
export async function localImports(root: string, file: string): Promise<string[]> {
  // Doc-comment examples import their own module, and type-only imports vanish at run time (they can
  // neither break layering nor form a real cycle): only value imports of code count.
  const text = (await Deno.readTextFile(join(root, file)))
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/(?:import|export)\s+type\s[\s\S]*?from\s*["'][^"']+["'];?/g, "");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((s) => relative(root, resolve(root, dirname(file), s)));
}
