// SPDX 2.3 agent syntax (clauses 6.8, 7.5, 7.6): "Person: name (email)", "Organization: name (email)",
// "Tool: name-version"; NOASSERTION is represented as `undefined`.
import type { Actor } from "./types.js";

const AGENT = /^(Person|Organization|Tool): ?(.*)$/s;
const WITH_EMAIL = /^(.*) \(([^()]*)\)$/s;
const TOOL_VERSION = /^(.+)-(\d[^-\s]*)$/s;

/**
 * Parses an SPDX agent string; `undefined` for NOASSERTION or text that is not an agent.
 * @example parseActor("Organization: Python Software Foundation") // { kind: "Organization", name: "Python Software Foundation" }
 */
export function parseActor(text: string): Actor | undefined {
  // Exactly the syntax formatActor writes, so that parse and format are inverse on SPDX text.
  const m = AGENT.exec(text);
  if (!m) return undefined;
  const kind = m[1] as Actor["kind"];
  const rest = m[2]!;
  if (kind === "Tool") {
    const t = TOOL_VERSION.exec(rest);
    return t ? { kind, name: t[1]!, version: t[2]! } : { kind, name: rest };
  }
  const e = WITH_EMAIL.exec(rest);
  if (e) return e[2] ? { kind, name: e[1]!, email: e[2] } : { kind, name: e[1]!, email: "" };
  return { kind, name: rest };
}

/**
 * Formats an actor in SPDX agent syntax.
 * @example formatActor({ kind: "Tool", name: "pysbom", version: "0.1.0" }) // "Tool: pysbom-0.1.0"
 */
export function formatActor(actor: Actor): string {
  if (actor.kind === "Tool") return `Tool: ${actor.name}${actor.version ? `-${actor.version}` : ""}`;
  return `${actor.kind}: ${actor.name}${actor.email !== undefined ? ` (${actor.email})` : ""}`;
}
