// A finding: something a check found wrong, as data (zod-issue style). Whether it fails a run is the CLI's
// policy. Used by validate, generate --verify and scan.

/** How bad a finding is. */
export type Severity = "error" | "warning" | "info";

/** One finding. */
export interface Finding {
  /** Stable code, `area/what`, e.g. `ntia/missing-supplier`, `verify/modified`. */
  readonly code: string;
  readonly severity: Severity;
  /** Where: a JSON pointer, a file path, or `file:line`. */
  readonly path: string;
  readonly message: string;
  /** The component concerned, by name, when there is one. */
  readonly component?: string | undefined;
  /** One line on how to fix it. */
  readonly hint?: string | undefined;
}
