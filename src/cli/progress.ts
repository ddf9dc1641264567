// Progress on a TTY for long work: one line on stderr, redrawn at most ten times a second, erased at
// the end. Silent when stderr is not a terminal or with --quiet.
import type { ProgressEvent } from "../catalogers/types.js";
import type { Io } from "./io.js";

/** A progress line writer. */
export class Progress {
  readonly #io: Io;
  readonly #enabled: boolean;
  #last = 0;
  #shown = false;

  constructor(io: Io, quiet: boolean) {
    this.#io = io;
    this.#enabled = !quiet && Boolean(io.stderr.isTTY);
  }

  /** Shows an event (throttled). */
  update = (e: ProgressEvent): void => {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < 100 && (e.total === undefined || e.done < e.total)) return;
    this.#last = now;
    const count = e.total === undefined ? `${e.done}` : `${e.done}/${e.total}`;
    this.#io.stderr.write(`\r\u001b[K${e.phase}: ${count}`);
    this.#shown = true;
  };

  /** Erases the line. */
  done(): void {
    if (this.#shown) this.#io.stderr.write("\r\u001b[K");
    this.#shown = false;
  }
}
