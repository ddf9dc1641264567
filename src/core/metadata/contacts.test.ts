import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Contact, mergeContacts, parseContacts } from "./contacts.js";

// [header value, contacts]
const ADDRESS_LISTS: readonly [string, Contact[]][] = [
  ["jane@example.org", [{ email: "jane@example.org" }]],
  ["Jane Doe <jane@example.org>", [{ name: "Jane Doe", email: "jane@example.org" }]],
  [
    'Jane Doe <jane@example.org>, "Bar, Inc." <hi@bar.example>, ops@example.org',
    [
      { name: "Jane Doe", email: "jane@example.org" },
      { name: "Bar, Inc.", email: "hi@bar.example" },
      { email: "ops@example.org" },
    ],
  ],
  ["jane@example.org (Jane Doe)", [{ name: "Jane Doe", email: "jane@example.org" }]],
  ['"Quoted \\"Nick\\" Name" <q@example.org>', [{ name: 'Quoted "Nick" Name', email: "q@example.org" }]],
  ["<only@example.org>", [{ email: "only@example.org" }]],
  ["The Team", [{ name: "The Team" }]],
  ["a@x.org, , b@y.org,", [{ email: "a@x.org" }, { email: "b@y.org" }]],
  ["", []],
  ["Broken <unterminated@x.org", [{ name: "Broken <unterminated@x.org" }]],
];

describe("parseContacts", () => {
  it.each(ADDRESS_LISTS)("%j", (value, contacts) => {
    expect(parseContacts(value)).toEqual(contacts);
  });

  it("never throws and never returns empty contacts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        for (const c of parseContacts(value))
          expect(c.name !== undefined || c.email !== undefined).toBe(true);
      }),
    );
  });

  it("is linear on hostile input", () => {
    expect(parseContacts(`${"<".repeat(200_000)}a@b`)).toHaveLength(1);
    expect(parseContacts("a@b.c,".repeat(100_000))).toHaveLength(100_000);
  });
});

describe("mergeContacts", () => {
  it("pairs a name with a lone address", () => {
    expect(mergeContacts("Jane Doe", "jane@example.org")).toEqual([
      { name: "Jane Doe", email: "jane@example.org" },
    ]);
  });
  it("keeps a name field not carried by the addresses", () => {
    expect(mergeContacts("Team", "A <a@x.org>")).toEqual([{ name: "Team" }, { name: "A", email: "a@x.org" }]);
    expect(mergeContacts("A", "A <a@x.org>")).toEqual([{ name: "A", email: "a@x.org" }]);
  });
  it("handles either side missing", () => {
    expect(mergeContacts(undefined, "a@x.org")).toEqual([{ email: "a@x.org" }]);
    expect(mergeContacts("Solo", undefined)).toEqual([{ name: "Solo" }]);
    expect(mergeContacts("  ", undefined)).toEqual([]);
  });
});
