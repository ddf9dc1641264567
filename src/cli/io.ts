// The CLI's view of the outside world, injected so `run()` is testable in-process.

/** A text sink (stdout or stderr). */
export interface TextSink {
  write(text: string): void;
  /** True when the sink is an interactive terminal (progress and tables only then). */
  readonly isTTY?: boolean | undefined;
}

/** What a command may touch besides the filesystem paths it is given. */
export interface Io {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads all of standard input (for `-` arguments). */
  readonly readStdin?: (() => Promise<Uint8Array>) | undefined;
  /** The clock, for `created` when SOURCE_DATE_EPOCH is unset. */
  readonly now?: (() => Date) | undefined;
}

/** An Io bound to the real process. */
export function processIo(): Io {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY },
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    now: () => new Date(),
  };
}

/** A diagnostics printer honouring `--quiet`. */
export class Diagnostics {
  readonly #io: Io;
  readonly quiet: boolean;

  constructor(io: Io, quiet: boolean) {
    this.#io = io;
    this.quiet = quiet;
  }

  warn(message: string): void {
    if (!this.quiet) this.#io.stderr.write(`pysbom: warning: ${message}\n`);
  }

  info(message: string): void {
    if (!this.quiet) this.#io.stderr.write(`pysbom: ${message}\n`);
  }

  /** Errors are printed even with --quiet. */
  error(message: string): void {
    this.#io.stderr.write(`pysbom: error: ${message}\n`);
  }
}
