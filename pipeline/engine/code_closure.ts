/**
 * The code a stage's result depends on: the static import closure of the stage's module (value
 * imports only — type-only imports vanish at run time), the files it loads through
 * `new URL("…", import.meta.url)` (workers, lazily imported kernels, data such as a manifest), and
 * the npm packages in that closure with every package they depend on, pinned by the lock file's
 * integrity hash. Deno itself resolves the graph (`deno info --json`), so the import map, the lock
 * file and dynamic imports with literal specifiers are read exactly as at run time.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalJson } from "./canonical_json.ts";
import { FileHasher } from "./file_hasher.ts";
import { sha256Hex } from "./sha256.ts";

/** What one module's closure contains. */
export interface CodeDigest {
  /** SHA-256 over `files` and `packages` (what enters a stage's key). */
  readonly digest: string;
  /** Project-relative path → SHA-256 of the file's bytes, for every local file in the closure. */
  readonly files: Readonly<Record<string, string>>;
  /** `name@version` → lock-file integrity, for every npm package the closure reaches. */
  readonly packages: Readonly<Record<string, string>>;
}

interface InfoDependency {
  readonly code?: { readonly specifier?: string };
}
interface InfoModule {
  readonly specifier: string;
  readonly dependencies?: readonly InfoDependency[];
  readonly npmPackage?: string;
}
interface InfoPackage {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: readonly string[];
}
interface InfoGraph {
  readonly modules: readonly InfoModule[];
  readonly redirects?: Readonly<Record<string, string>>;
  readonly npmPackages?: Readonly<Record<string, InfoPackage>>;
}

/** Options of {@linkcode CodeIndex}. */
export interface CodeIndexOptions {
  /** The project's `deno.json` (import map, lock file). @default `ROOT/deno.json` */
  readonly config?: string;
  /** The Deno executable that resolves the graph. @default the running one */
  readonly deno?: string;
}

/**
 * Computes and memoises the code closures of modules under one project root. One `deno info`
 * call resolves every module asked for at once (a few tens of milliseconds for the whole study).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CodeIndex } from "./code_closure.ts";
 * const root = new URL("../../", import.meta.url).pathname;
 * const index = new CodeIndex(root);
 * const [own] = await index.closures([new URL("./code_closure.ts", import.meta.url).href]);
 * assert.ok("pipeline/engine/sha256.ts" in own!.files);
 * assert.match(own!.digest, /^[0-9a-f]{64}$/);
 * ```
 */
export class CodeIndex {
  /** Absolute project root; closure paths are relative to it. */
  readonly root: string;
  #config: string;
  #deno: string;
  #memo = new Map<string, CodeDigest>();
  #hasher = new FileHasher();

  /**
   * @param root project root (holds `deno.json` and `deno.lock`)
   * @param options config file and Deno executable
   */
  constructor(root: string, options: CodeIndexOptions = {}) {
    this.root = root;
    this.#config = options.config ?? join(root, "deno.json");
    this.#deno = options.deno ?? Deno.execPath();
  }

  /**
   * The closures of several modules (memoised per module for the life of the index).
   *
   * @param modules module URLs (`file://…`, e.g. a stage's `import.meta.url`)
   * @returns one digest per module, in order
   * @throws {Error} when Deno cannot resolve the graph (e.g. a missing import)
   */
  async closures(modules: readonly string[]): Promise<CodeDigest[]> {
    const missing = [...new Set(modules.filter((m) => !this.#memo.has(m)))];
    if (missing.length > 0) await this.#resolve(missing);
    return modules.map((m) => this.#memo.get(m)!);
  }

  async #resolve(roots: string[]): Promise<void> {
    const modules = new Map<string, InfoModule>();
    const packages = new Map<string, InfoPackage>();
    const redirects = new Map<string, string>();
    let pending = roots;
    while (pending.length > 0) {
      const graph = await this.#info(pending);
      for (const m of graph.modules) modules.set(m.specifier, m);
      for (const [k, v] of Object.entries(graph.redirects ?? {})) redirects.set(k, v);
      for (const [k, v] of Object.entries(graph.npmPackages ?? {})) packages.set(k, v);
      pending = [];
      for (const m of graph.modules) {
        if (!m.specifier.startsWith("file:") || !/\.[cm]?[jt]sx?$/.test(m.specifier)) continue;
        for (const url of await urlReferences(m.specifier)) {
          if (/\.[cm]?[jt]sx?$/.test(url) && !modules.has(url) && !pending.includes(url)) pending.push(url);
        }
      }
    }
    const integrity = await this.#lockIntegrity();
    for (const root of roots) {
      this.#memo.set(root, await this.#closureOf(root, modules, packages, redirects, integrity));
    }
  }

  async #closureOf(
    root: string,
    modules: Map<string, InfoModule>,
    packages: Map<string, InfoPackage>,
    redirects: Map<string, string>,
    integrity: Map<string, string>,
  ): Promise<CodeDigest> {
    const seen = new Set<string>();
    const npm = new Set<string>();
    const stack = [root];
    const dataFiles = new Set<string>();
    while (stack.length > 0) {
      const popped = stack.pop()!;
      const key = redirects.get(popped) ?? popped;
      if (seen.has(key)) continue;
      seen.add(key);
      const m = modules.get(key);
      if (m?.npmPackage) npm.add(m.npmPackage);
      for (const d of m?.dependencies ?? []) if (d.code?.specifier) stack.push(d.code.specifier);
      if (key.startsWith("file:")) {
        for (const url of await urlReferences(key)) {
          if (/\.[cm]?[jt]sx?$/.test(url)) stack.push(url);
          else dataFiles.add(url);
        }
      }
    }
    const files: Record<string, string> = {};
    for (const url of [...seen, ...dataFiles].filter((u) => u.startsWith("file:")).sort()) {
      const path = fileURLToPath(url);
      files[relative(this.root, path)] = await this.#hasher.hash(path).catch(() => "missing");
    }
    const pinned: Record<string, string> = {};
    const todo = [...npm];
    while (todo.length > 0) {
      const id = todo.pop()!;
      const p = packages.get(id);
      if (!p) continue;
      const name = `${p.name}@${p.version}`;
      if (name in pinned) continue;
      pinned[name] = integrity.get(name) ?? "unpinned";
      todo.push(...(p.dependencies ?? []));
    }
    const sortedPackages = Object.fromEntries(Object.entries(pinned).sort(([a], [b]) => a.localeCompare(b)));
    return {
      digest: await sha256Hex(canonicalJson({ files, packages: sortedPackages })),
      files,
      packages: sortedPackages,
    };
  }

  async #info(roots: readonly string[]): Promise<InfoGraph> {
    const dir = await Deno.makeTempDir({ prefix: "deepmarker-closure-" });
    try {
      const entry = join(dir, "roots.ts");
      await Deno.writeTextFile(entry, roots.map((r) => `import ${JSON.stringify(r)};\n`).join(""));
      const out = await new Deno.Command(this.#deno, {
        args: ["info", "--json", "--config", this.#config, entry],
        cwd: this.root,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      if (!out.success) {
        throw new Error(
          `Cannot resolve the code of ${roots.length} module(s): ${new TextDecoder().decode(out.stderr)}`,
        );
      }
      return JSON.parse(new TextDecoder().decode(out.stdout)) as InfoGraph;
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }

  async #lockIntegrity(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    try {
      const lock = JSON.parse(await Deno.readTextFile(join(dirname(this.#config), "deno.lock"))) as {
        npm?: Record<string, { integrity?: string }>;
      };
      for (const [id, p] of Object.entries(lock.npm ?? {})) {
        const name = id.replace(/_.*$/, "");
        if (p.integrity) out.set(name, p.integrity);
      }
    } catch {
      // no lock file: packages are keyed by version alone ("unpinned")
    }
    return out;
  }
}

/** `new URL("…", import.meta.url)` references of a source file, resolved to absolute URLs. */
async function urlReferences(moduleUrl: string): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(new URL(moduleUrl));
  } catch {
    return [];
  }
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(/new URL\(\s*["'](\.{1,2}\/[^"'`$]+)["']\s*,\s*import\.meta\.url\s*\)/g)) {
    const url = new URL(m[1]!, moduleUrl);
    url.hash = "";
    out.push(url.href);
  }
  return out;
}
