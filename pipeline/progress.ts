/**
 * Progress reporting for long work: item i of n with an ETA, on stderr. A bar on a TTY,
 * plain lines otherwise. Stages receive a {@linkcode Progress} as `ctx.progress`.
 *
 * @module
 */

/** What a stage (or any long loop) reports. */
export interface Progress {
  /** Start a phase of `total` items, e.g. `start("bootstrap", 1000)`. */
  start(phase: string, total: number): void;
  /** One item done; `item` names it (patient id, epoch …). */
  tick(item?: string): void;
  /** A free-text line (e.g. an epoch's loss). */
  message(text: string): void;
}

/** A progress sink that drops everything (tests, library use). */
export const silentProgress: Progress = {
  start() {},
  tick() {},
  message() {},
};

/** Options of {@linkcode createProgress}. */
export interface CreateProgressOptions {
  /** Prefix of every line (e.g. the stage name). @default "" */
  readonly label?: string;
  /** Draw a redrawn bar instead of lines. @default Deno.stderr.isTerminal() */
  readonly tty?: boolean;
  /** Clock in ms, injectable for tests. @default performance.now */
  readonly now?: () => number;
  /** Where text goes. @default writes to stderr */
  readonly write?: (text: string) => void;
  /** Minimum ms between plain lines (TTY redraws are throttled to 100 ms). @default 2000 */
  readonly intervalMs?: number;
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * A stderr progress reporter with an ETA from the mean time per item so far.
 *
 * @param options label, tty mode, clock and sink
 * @returns a {@linkcode Progress}
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createProgress } from "./progress.ts";
 * const lines: string[] = [];
 * let t = 0;
 * const p = createProgress({ label: "crop", tty: false, now: () => t, write: (s) => lines.push(s), intervalMs: 0 });
 * p.start("patients", 4);
 * t = 1000; p.tick("P001");
 * assert.match(lines.at(-1)!, /crop patients 1\/4 P001 .*ETA 3s/);
 * ```
 */
export function createProgress(options: CreateProgressOptions = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const tty = options.tty ?? Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  const write = options.write ?? ((s: string) => Deno.stderr.writeSync(encoder.encode(s)));
  const interval = tty ? 100 : (options.intervalMs ?? 2000);
  const prefix = options.label ? `${options.label} ` : "";
  let phase = "";
  let total = 0;
  let done = 0;
  let t0 = 0;
  let lastDraw = -Infinity;

  function line(item?: string): string {
    const elapsed = now() - t0;
    const eta = done > 0 && total > done ? ` ETA ${formatDuration((elapsed / done) * (total - done))}` : "";
    const what = item ? ` ${item}` : "";
    if (!tty) return `${prefix}${phase} ${done}/${total}${what} (${formatDuration(elapsed)}${eta})\n`;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    return `\r${prefix}${phase} [${"#".repeat(filled)}${
      ".".repeat(width - filled)
    }] ${done}/${total}${what}${eta}\x1b[K`;
  }
  return {
    start(name, n) {
      phase = name;
      total = n;
      done = 0;
      t0 = now();
      lastDraw = -Infinity;
    },
    tick(item) {
      done++;
      const t = now();
      if (done === total || t - lastDraw >= interval) {
        lastDraw = t;
        write(line(item));
        if (tty && done === total) write("\n");
      }
    },
    message(text) {
      write(`${tty ? "\r\x1b[K" : ""}${prefix}${text}\n`);
    },
  };
}
