// Author/Maintainer contacts from the core metadata `Author`, `Author-email`, `Maintainer` and
// `Maintainer-email` fields (RFC 822 address lists, e.g. `Name <addr>, addr2`; read tolerantly).

/** A person or organisation with a name, an e-mail address, or both. */
export interface Contact {
  readonly name?: string;
  readonly email?: string;
}

// Splits on commas outside double quotes, angle brackets and parentheses (RFC 5322 address-list).
function splitAddressList(value: string): string[] {
  const items: string[] = [];
  let quoted = false;
  let angle = 0;
  let paren = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "<") angle++;
    else if (c === ">") angle = Math.max(0, angle - 1);
    else if (c === "(") paren++;
    else if (c === ")") paren = Math.max(0, paren - 1);
    else if (c === "," && angle === 0 && paren === 0) {
      items.push(value.slice(start, i));
      start = i + 1;
    }
  }
  items.push(value.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

// RFC 5322 quoted-string: drop the quotes and the backslash escapes.
function unquote(name: string): string {
  const t = name.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"'))
    return t.slice(1, -1).replace(/\\(.)/g, "$1").trim();
  return t;
}

function contact(name: string | undefined, email: string | undefined): Contact {
  const n = name === undefined ? "" : unquote(name);
  const e = email?.trim() ?? "";
  return { ...(n ? { name: n } : {}), ...(e ? { email: e } : {}) };
}

function parseAddress(item: string): Contact {
  // `Name <addr>` (name-addr), the form PEP 621 tools write.
  if (item.endsWith(">")) {
    const open = item.lastIndexOf("<");
    if (open !== -1) return contact(item.slice(0, open), item.slice(open + 1, -1));
  }
  // `addr (Name)`: the old RFC 822 comment form.
  if (item.endsWith(")")) {
    const open = item.indexOf("(");
    const addr = open === -1 ? "" : item.slice(0, open).trim();
    if (addr.includes("@") && !/\s/.test(addr)) return contact(item.slice(open + 1, -1), addr);
  }
  return item.includes("@") && !/\s/.test(item) ? contact(undefined, item) : contact(item, undefined);
}

/**
 * Parses an e-mail header's address list tolerantly: `Name <addr>`, `"Last, First" <addr>`,
 * `addr (Name)`, bare addresses, and bare names (anything without `@`) are all accepted.
 * @example
 * parseContacts('Jane Doe <jane@example.org>, "Bar, Inc." <hi@bar.example>, ops@example.org')
 * // [{ name: "Jane Doe", email: "jane@example.org" }, { name: "Bar, Inc.", email: "hi@bar.example" },
 * //  { email: "ops@example.org" }]
 */
export function parseContacts(value: string): Contact[] {
  return splitAddressList(value)
    .map(parseAddress)
    .filter((c) => c.name !== undefined || c.email !== undefined);
}

/**
 * Combines a name field (`Author`) and an address field (`Author-email`) into contacts: a lone address
 * without a name takes the name field's value (setuptools writes `Author: Jane` + `Author-email:
 * jane@…` for one person); otherwise the name is listed on its own unless an address already carries it.
 * @example
 * mergeContacts("Jane Doe", "jane@example.org") // [{ name: "Jane Doe", email: "jane@example.org" }]
 * mergeContacts("Team", "A <a@x.org>") // [{ name: "Team" }, { name: "A", email: "a@x.org" }]
 */
export function mergeContacts(name: string | undefined, emails: string | undefined): Contact[] {
  const list = emails === undefined ? [] : parseContacts(emails);
  const n = name?.trim();
  if (!n) return list;
  if (list.length === 1 && list[0]!.name === undefined) return [{ name: n, email: list[0]!.email! }];
  if (list.some((c) => c.name === n)) return list;
  return [{ name: n }, ...list];
}
