/**
 * Long-lived worker processes for the local parallel executor. Starting Deno and loading the
 * pipeline's modules costs seconds, more than many stages take, so each worker runs stage after
 * stage: the parent writes one request line (`{"node", "cpus", "force"}`) to its stdin, the worker
 * runs the stage (`stage serve`), writes its outcome file and answers `deepmarker:done NODE` on stdout. Its
 * stderr (progress, warnings) is handed to the caller line by line.
 *
 * @module
 */

/** The prefix of a worker's answer line on stdout. */
export const DONE = "deepmarker:done ";

/** How to start a worker. */
export interface WorkerCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Variables added to the worker's environment (e.g. `DEEPMARKER_HOME`). @default none */
  readonly env?: Readonly<Record<string, string>>;
}

/** One job for a worker. */
export interface WorkerRequest {
  readonly node: string;
  readonly cpus: number;
  readonly force: boolean;
}

interface Worker {
  readonly child: Deno.ChildProcess;
  readonly stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** Called with each stdout line. */
  onDone: ((line: string | null) => void) | null;
  /** Where stderr lines go for the current request. */
  onLine: (line: string) => void;
}

/** A pool of at most `size` worker processes started on demand. */
export class WorkerPool {
  #command: WorkerCommand;
  #idle: Worker[] = [];
  #all: Worker[] = [];

  /**
   * @param command the command line of one worker (e.g. `deno run -A main.ts stage serve --run ID`) and its environment
   */
  constructor(command: WorkerCommand) {
    this.#command = command;
  }

  /**
   * Run one request on an idle worker (starting one when none is idle).
   *
   * @param request node, cores and force
   * @param onLine receives the worker's stderr lines while it runs this request
   * @returns when the worker answered; rejects when it died
   */
  async run(request: WorkerRequest, onLine: (line: string) => void): Promise<void> {
    const worker = this.#idle.pop() ?? this.#start();
    worker.onLine = onLine;
    const answer = new Promise<string | null>((resolve) => (worker.onDone = resolve));
    await worker.stdin.write(new TextEncoder().encode(`${JSON.stringify(request)}\n`));
    const line = await answer;
    worker.onDone = null;
    worker.onLine = () => {};
    if (line === null) {
      this.#all = this.#all.filter((w) => w !== worker);
      throw new Error(`the worker process exited (code ${(await worker.child.status).code})`);
    }
    this.#idle.push(worker);
  }

  /**
   * Stop every worker (closing stdin ends its loop; `signal` interrupts running stages).
   *
   * @param signal send this signal instead of waiting for the workers to finish @default none
   */
  async close(signal?: Deno.Signal): Promise<void> {
    for (const w of this.#all) {
      if (signal) {
        try {
          w.child.kill(signal);
        } catch { /* already gone */ }
      }
      await w.stdin.close().catch(() => {});
    }
    await Promise.all(this.#all.map((w) => w.child.status));
    this.#all = [];
    this.#idle = [];
  }

  #start(): Worker {
    const child = new Deno.Command(this.#command.command, {
      args: [...this.#command.args],
      ...(this.#command.env ? { env: { ...this.#command.env } } : {}),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const worker: Worker = { child, stdin: child.stdin.getWriter(), onDone: null, onLine: () => {} };
    this.#all.push(worker);
    void readLines(child.stdout, (line) => {
      if (line.startsWith(DONE)) worker.onDone?.(line.slice(DONE.length));
      else worker.onLine(line); // anything a library printed
    }).then(() => worker.onDone?.(null));
    void readLines(child.stderr, (line) => worker.onLine(line));
    return worker;
  }
}

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  }
  if (rest) onLine(rest);
}
