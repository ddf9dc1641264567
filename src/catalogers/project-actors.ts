// Supplier and originator of a Python project (an installed distribution's core metadata, a pyproject
// [project] table) from its contacts (documented policy, README "Supplier and originator"): supplier = first Maintainer(-email) contact, else first
// Author(-email) contact; originator = first Author(-email) contact. Person or Organization by the
// heuristics below; undefined (NOASSERTION) only when the metadata names nobody. Pure.
import type { Contact } from "../core/metadata/index.js";
import type { Actor } from "../model/index.js";

// Words that name a group, not a person ("The pip developers", "Amazon Web Services", "Pallets Ecosystem").
const ORG_WORDS =
  /\b(?:the|inc|incorporated|ltd|limited|llc|llp|gmbh|corp|corporation|company|foundation|team|teams|developers|devs|contributors|authors|maintainers|community|project|projects|group|organi[sz]ation|association|society|university|institute|lab|labs|software|systems|technologies|services|consortium|committee|authority|ecosystem|development|collective|list|org)\b/i;
// Mailbox names used by groups and mailing lists rather than by one person.
const ROLE_MAILBOX =
  /^(?:contact|info|team|dev|devs|developers|maintainers|hello|support|security|admin|help|office|noreply|no-reply|opensource|oss|packages|pypi|python)$|-(?:dev|devel|develop|discuss|discussion|users|announce|list|sig)$/i;
const LIST_DOMAIN = /(?:^|\.)(?:googlegroups\.com|lists\.[^@]+|groups\.io)$/i;

/**
 * Person or Organization for a contact: Organization when the name contains a group word (team,
 * developers, foundation, Inc, …) or the address is a role or list mailbox (contact@, …-dev@,
 * @googlegroups.com); Person otherwise (the common case of a named individual).
 * @example contactKind({ name: "Pallets", email: "contact@palletsprojects.com" }) // "Organization"
 */
export function contactKind(c: Contact): "Person" | "Organization" {
  if (c.name && ORG_WORDS.test(c.name)) return "Organization";
  if (c.email) {
    const at = c.email.lastIndexOf("@");
    const local = (at === -1 ? c.email : c.email.slice(0, at)).replace(/\+.*$/, "");
    const domain = at === -1 ? "" : c.email.slice(at + 1);
    if (ROLE_MAILBOX.test(local) || LIST_DOMAIN.test(domain)) return "Organization";
  }
  return "Person";
}

/**
 * The actor for a contact: its name (or, when it only has an address, the address), its address, and
 * the kind from {@link contactKind}.
 * @example contactActor({ name: "Kenneth Reitz", email: "me@kennethreitz.org" }) // { kind: "Person", name: "Kenneth Reitz", email: "me@kennethreitz.org" }
 */
export function contactActor(c: Contact): Actor | undefined {
  const name = c.name ?? c.email;
  if (!name) return undefined;
  return { kind: contactKind(c), name, ...(c.email ? { email: c.email } : {}) };
}

/** Supplier and originator, plus the full contact lists when they name more than one party. */
export interface Parties {
  readonly supplier?: Actor | undefined;
  readonly originator?: Actor | undefined;
  /** `Name <email>, …` of every author / maintainer when there is more than one. */
  readonly allAuthors?: string | undefined;
  readonly allMaintainers?: string | undefined;
}

function formatContacts(list: readonly Contact[]): string | undefined {
  if (list.length < 2) return undefined;
  return list.map((c) => (c.name && c.email ? `${c.name} <${c.email}>` : (c.name ?? c.email))).join(", ");
}

/**
 * Applies the supplier/originator policy to the metadata's author and maintainer contacts.
 * @example parties([{ name: "Jason Kirtland" }], [{ name: "Pallets Ecosystem", email: "contact@palletsprojects.com" }])
 * // { supplier: { kind: "Organization", name: "Pallets Ecosystem", … }, originator: { kind: "Person", name: "Jason Kirtland" } }
 */
export function parties(authors: readonly Contact[], maintainers: readonly Contact[]): Parties {
  const originator = authors.map(contactActor).find((a) => a !== undefined);
  const supplier = maintainers.map(contactActor).find((a) => a !== undefined) ?? originator;
  return {
    supplier,
    originator,
    allAuthors: formatContacts(authors),
    allMaintainers: formatContacts(maintainers),
  };
}
