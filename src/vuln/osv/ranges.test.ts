import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion, type Version } from "../../core/pep440/index.js";
import { BOTTOM, inRange, type RangeEvent, sortEvents, TOP } from "./ranges.js";

type Ev = [RangeEvent<Version>["kind"], string];

function events(list: readonly Ev[]): RangeEvent<Version>[] {
  return list.map(([kind, v]) => ({
    kind,
    at: kind === "introduced" && v === "0" ? BOTTOM : kind === "limit" && v === "*" ? TOP : parseVersion(v),
  }));
}

const affected = (list: readonly Ev[], v: string) =>
  inRange(sortEvents(events(list), compareVersions), parseVersion(v), compareVersions);

// [events, version, affected?] — the osv-schema "Evaluation" algorithm with PEP 440 order.
const TABLE: [string, readonly Ev[], string, boolean][] = [
  [
    "introduced is inclusive",
    [
      ["introduced", "1.0"],
      ["fixed", "2.0"],
    ],
    "1.0",
    true,
  ],
  [
    "fixed is exclusive",
    [
      ["introduced", "1.0"],
      ["fixed", "2.0"],
    ],
    "2.0",
    false,
  ],
  [
    "below introduced",
    [
      ["introduced", "1.0"],
      ["fixed", "2.0"],
    ],
    "0.9",
    false,
  ],
  [
    "pre-release of fixed is affected (pure order)",
    [
      ["introduced", "0"],
      ["fixed", "2.0"],
    ],
    "2.0rc1",
    true,
  ],
  [
    "dev release of introduced is below it",
    [
      ["introduced", "1.0"],
      ["fixed", "2.0"],
    ],
    "1.0.dev0",
    false,
  ],
  [
    "post release of fixed is fixed",
    [
      ["introduced", "0"],
      ["fixed", "2.0"],
    ],
    "2.0.post1",
    false,
  ],
  [
    "local version of fixed is above it",
    [
      ["introduced", "0"],
      ["fixed", "2.0"],
    ],
    "2.0+local",
    false,
  ],
  [
    "local version below fixed",
    [
      ["introduced", "0"],
      ["fixed", "2.0"],
    ],
    "1.9+local",
    true,
  ],
  [
    "introduced 0 is a sentinel below 0.dev0",
    [
      ["introduced", "0"],
      ["fixed", "1.0"],
    ],
    "0.dev0",
    true,
  ],
  [
    "a real introduced 0 is not",
    [
      ["introduced", "0.0"],
      ["fixed", "1.0"],
    ],
    "0.dev0",
    false,
  ],
  [
    "last_affected is inclusive",
    [
      ["introduced", "0"],
      ["last_affected", "1.11.0"],
    ],
    "1.11.0",
    true,
  ],
  [
    "above last_affected",
    [
      ["introduced", "0"],
      ["last_affected", "1.11.0"],
    ],
    "1.11.0.post1",
    false,
  ],
  [
    "local above last_affected (decision 3)",
    [
      ["introduced", "0"],
      ["last_affected", "1.11.0"],
    ],
    "1.11.0+deb1",
    false,
  ],
  [
    "second interval",
    [
      ["introduced", "1.0.0"],
      ["fixed", "1.0.2"],
      ["introduced", "3.0.0"],
      ["fixed", "3.2.5"],
    ],
    "3.1",
    true,
  ],
  [
    "between intervals",
    [
      ["introduced", "1.0.0"],
      ["fixed", "1.0.2"],
      ["introduced", "3.0.0"],
      ["fixed", "3.2.5"],
    ],
    "2.0",
    false,
  ],
  // PYSEC-2024-36 lists its intervals out of order: sorting is required.
  [
    "unsorted events",
    [
      ["introduced", "2.16.0"],
      ["fixed", "2.16.3"],
      ["introduced", "2.15.0"],
      ["fixed", "2.15.9"],
      ["introduced", "0"],
      ["fixed", "2.14.4"],
    ],
    "2.15.5",
    true,
  ],
  [
    "unsorted events, gap",
    [
      ["introduced", "2.16.0"],
      ["fixed", "2.16.3"],
      ["introduced", "2.15.0"],
      ["fixed", "2.15.9"],
      ["introduced", "0"],
      ["fixed", "2.14.4"],
    ],
    "2.14.5",
    false,
  ],
  // Decision 1: ties keep the record's order (PYSEC-2023-72: introduced 3.2.0 listed before fixed 3.2.0).
  [
    "tie, introduced first",
    [
      ["introduced", "0"],
      ["fixed", "3.1.1"],
      ["introduced", "3.2.0"],
      ["fixed", "3.2.0"],
    ],
    "3.2.0",
    false,
  ],
  [
    "tie, fixed first",
    [
      ["introduced", "0"],
      ["fixed", "3.2.0"],
      ["introduced", "3.2.0"],
      ["fixed", "3.2.2"],
    ],
    "3.2.1",
    true,
  ],
  [
    "epoch above an epoch-less range",
    [
      ["introduced", "0"],
      ["fixed", "5.0"],
    ],
    "1!1.0",
    false,
  ],
  [
    "limit bounds the range",
    [
      ["introduced", "0"],
      ["limit", "2.0"],
    ],
    "2.0",
    false,
  ],
  [
    "below limit",
    [
      ["introduced", "0"],
      ["limit", "2.0"],
    ],
    "1.5",
    true,
  ],
  [
    "limit * is unbounded",
    [
      ["introduced", "1.0"],
      ["limit", "*"],
    ],
    "99",
    true,
  ],
  [
    "any of several limits",
    [
      ["introduced", "0"],
      ["limit", "1.0"],
      ["limit", "3.0"],
    ],
    "2.0",
    true,
  ],
];

describe("OSV range evaluation", () => {
  it.each(TABLE)("%s", (_name, list, version, expected) => {
    expect(affected(list, version)).toBe(expected);
  });

  it("sorts stably with the sentinels at the ends", () => {
    const sorted = sortEvents(
      events([
        ["limit", "*"],
        ["fixed", "1.0"],
        ["introduced", "1.0"],
        ["introduced", "0"],
      ]),
      compareVersions,
    );
    expect(sorted.map((e) => e.kind)).toEqual(["introduced", "fixed", "introduced", "limit"]);
    expect(sorted[0]!.at).toBe(BOTTOM);
    expect(sorted[1]!.kind).toBe("fixed"); // tie at 1.0: record order kept
  });
});
