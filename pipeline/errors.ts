/**
 * Error classes for conditions a caller handles. Every one extends
 * {@linkcode DeepmarkerError}; the CLI prints their message without a stack,
 * anything else is a bug and prints a stack.
 *
 * @module
 */

/** Base class of every error a user can cause and fix (bad spec, bad cohort, missing backend). */
export class DeepmarkerError extends Error {
  /**
   * @param message sentence case, no final period; an optional second line starting with `hint:`
   * @param options standard `ErrorOptions` (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DeepmarkerError";
  }
}

/** A YAML spec (or a `--set` override) that does not validate; the message names file, line and field. */
export class SpecError extends DeepmarkerError {
  /** Every problem found, one line each. */
  readonly issues: readonly string[];
  /**
   * @param message the whole message (all issues)
   * @param issues each problem on its own
   */
  constructor(message: string, issues: readonly string[] = [message]) {
    super(message);
    this.name = "SpecError";
    this.issues = issues;
  }
}

/** One problem with one patient of a cohort: names the patient and the file or column. */
export interface CohortProblem {
  /** Patient id, or `"*"` for a problem of the whole cohort. */
  readonly patient: string;
  /** Column of `cohort.csv` or file the problem is about. */
  readonly column: string;
  /** What is wrong, sentence case, no final period. */
  readonly problem: string;
}

/** A cohort that cannot be used (or a patient in it); carries every problem found at once. */
export class CohortError extends DeepmarkerError {
  /** The problems, one per (patient, column). */
  readonly problems: readonly CohortProblem[];
  /**
   * @param message summary line
   * @param problems the individual problems
   */
  constructor(message: string, problems: readonly CohortProblem[] = []) {
    super(message);
    this.name = "CohortError";
    this.problems = problems;
  }
}

/** A stage that failed; names the stage and its cache key, with the original error as `cause`. */
export class StageError extends DeepmarkerError {
  /** Stage name. */
  readonly stage: string;
  /** Cache key of the failed computation. */
  readonly key: string;
  /**
   * @param stage stage name
   * @param key cache key
   * @param options `cause`: the original error
   */
  constructor(stage: string, key: string, options?: ErrorOptions) {
    const cause = options?.cause;
    const detail = cause instanceof Error ? cause.message : String(cause ?? "unknown error");
    super(`Cannot run stage "${stage}" (key ${key.slice(0, 12)}): ${detail}`, options);
    this.name = "StageError";
    this.stage = stage;
    this.key = key;
  }
}

/** A cache entry whose manifest or files do not check out; treated as a miss by the cache. */
export class CacheCorruptError extends DeepmarkerError {
  /**
   * @param message what is wrong with which entry
   */
  constructor(message: string) {
    super(message);
    this.name = "CacheCorruptError";
  }
}

/** A compute backend (tfjs-node, WebGPU, BLAS, …) that was asked for but is not usable here. */
export class BackendUnavailableError extends DeepmarkerError {
  /**
   * @param message which backend and why it is unavailable
   */
  constructor(message: string) {
    super(message);
    this.name = "BackendUnavailableError";
  }
}

/** A write that failed because the disk (or quota) is full; names the path being written. */
export class DiskFullError extends DeepmarkerError {
  /** The file or folder being written. */
  readonly path: string;
  /**
   * @param path what was being written
   * @param options `cause`: the system error
   */
  constructor(path: string, options?: ErrorOptions) {
    super(`No space left on the device while writing "${path}"`, options);
    this.name = "DiskFullError";
    this.path = path;
  }

  /**
   * Whether an error (or one of its causes) is a full disk (ENOSPC, EDQUOT, DuckDB's "No space left").
   *
   * @param e any thrown value
   * @returns true for a full disk
   */
  static is(e: unknown): boolean {
    let c = e;
    for (let depth = 0; c && depth < 8; depth++, c = (c as Error).cause) {
      if (c instanceof DiskFullError) return true;
      const code = (c as { code?: unknown }).code;
      if (code === "ENOSPC" || code === "EDQUOT") return true;
      if (c instanceof Error && /No space left on device|os error 28|Disk quota exceeded/i.test(c.message)) return true;
    }
    return false;
  }

  /**
   * `e` as a {@linkcode DiskFullError} naming `path` when it is a full disk, else `e` unchanged.
   *
   * @param e the thrown value
   * @param path what was being written
   * @returns the error to throw
   */
  static wrap(e: unknown, path: string): unknown {
    if (e instanceof DiskFullError || !DiskFullError.is(e)) return e;
    return new DiskFullError(path, { cause: e });
  }
}

/** A run stopped by SIGINT or SIGTERM: temp folders removed, checkpoints kept, the run tracked `interrupted`. */
export class InterruptedError extends DeepmarkerError {
  /** The signal that stopped the run. */
  readonly signal: "SIGINT" | "SIGTERM";
  /**
   * @param signal the signal received
   * @param runId the tracked run it stopped, when known
   */
  constructor(signal: "SIGINT" | "SIGTERM", runId?: string) {
    super(
      `interrupted by ${signal}${
        runId ? `: run ${runId} recorded as interrupted` : ""
      }; checkpoints kept, run again to resume`,
    );
    this.name = "InterruptedError";
    this.signal = signal;
  }

  /** The shell's exit code for the signal: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return this.signal === "SIGINT" ? 130 : 143;
  }
}
