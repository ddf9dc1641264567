// Positions in JSON text (RFC 8259) for validation findings: duplicate member names, which `JSON.parse`
// silently resolves to the last one (RFC 8259 §4: names "SHOULD be unique"), and the line/column of any
// JSON pointer (RFC 6901). Both are one iterative pass over text that `JSON.parse` has already accepted,
// so neither recurses nor re-checks syntax.

/** A 1-based line and column (UTF-16 code units, as SARIF's default `columnKind`). */
export interface TextPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A member name that occurs twice in one object. */
export interface DuplicateKey {
  /** Pointer of the repeated member (its later occurrence). */
  readonly pointer: string;
  readonly key: string;
  /** Offset of the later occurrence's name. */
  readonly offset: number;
  /** Offset of the first occurrence's name. */
  readonly firstOffset: number;
}

/**
 * Maps offsets to lines and columns; the line starts are computed once.
 * @example new LineIndex("a\nb").position(2) // { offset: 2, line: 2, column: 1 }
 */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.#starts.push(i + 1);
  }

  /** The position of a UTF-16 offset. */
  position(offset: number): TextPosition {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this.#starts[Math.max(0, Math.min(line - 1, this.#starts.length - 1))]!;
  }
}

/** Splits a JSON pointer into its unescaped reference tokens (RFC 6901 §4). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Escapes one reference token (RFC 6901 §3). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

interface TrieNode {
  pointer: string | undefined;
  children: Map<string, TrieNode> | undefined;
}

interface Frame {
  readonly obj: boolean;
  readonly node: TrieNode | undefined;
  /** Member names seen so far and their offsets, as [name, offset, name, offset…] (most objects are small)… */
  readonly keys: (string | number)[] | undefined;
  /** …and as a map once there are many. */
  map?: Map<string, number>;
  index: number;
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Offset just past the string literal starting at `i` (a quote). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    // Count the backslashes before the quote: an odd number escapes it.
    let k = q - 1;
    while (k > i && text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function scalarEnd(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (
      Number.isNaN(c) ||
      c === COMMA ||
      c === RBRACE ||
      c === RBRACK ||
      c === 0x20 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09
    )
      return i;
    i++;
  }
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

function framePointer(stack: readonly Frame[], upTo: number): string {
  let p = "";
  for (let j = 0; j < upTo; j++) {
    const f = stack[j]!;
    p += `/${escapeToken(f.obj ? f.key : f.index)}`;
  }
  return p;
}

interface ScanOptions {
  readonly duplicates?: DuplicateKey[] | undefined;
  readonly maxDuplicates?: number;
  readonly trie?: TrieNode | undefined;
  readonly found?: Map<string, number> | undefined;
}

/** One pass over JSON text that `JSON.parse` accepted; see {@link findDuplicateKeys}, {@link locatePointers}. */
function scan(text: string, o: ScanOptions): void {
  const stack: Frame[] = [];
  const dupes = o.duplicates;
  const maxDupes = o.maxDuplicates ?? Number.POSITIVE_INFINITY;
  const found = o.found;
  const child = (f: Frame, token: string): TrieNode | undefined => f.node?.children?.get(token);
  const record = (node: TrieNode | undefined, offset: number): void => {
    if (node?.pointer !== undefined && found && !found.has(node.pointer)) found.set(node.pointer, offset);
  };
  let i = skipWs(text, 0);
  let node: TrieNode | undefined = o.trie;
  record(node, i);
  // States: 0 = a value starts at i; 1 = after a value; 2 = first member or "}"; 3 = a member name.
  let state = 0;
  for (;;) {
    i = skipWs(text, i);
    if (i >= text.length) return;
    const c = text.charCodeAt(i);
    if (state === 0) {
      if (c === LBRACE) {
        stack.push({ obj: true, node, keys: dupes ? [] : undefined, index: -1, key: "" });
        i++;
        state = 2;
      } else if (c === LBRACK) {
        const f: Frame = { obj: false, node, keys: undefined, index: 0, key: "" };
        stack.push(f);
        i = skipWs(text, i + 1);
        if (text.charCodeAt(i) === RBRACK) {
          i++;
          stack.pop();
          state = 1;
        } else {
          node = child(f, "0");
          record(node, i);
        }
      } else {
        i = c === QUOTE ? stringEnd(text, i) : scalarEnd(text, i);
        state = 1;
      }
      continue;
    }
    if (state === 1) {
      const top = stack[stack.length - 1];
      if (!top) return;
      i++;
      if (c === COMMA) {
        if (top.obj) state = 3;
        else {
          top.index++;
          i = skipWs(text, i);
          node = child(top, String(top.index));
          record(node, i);
          state = 0;
        }
      } else stack.pop(); // "}" or "]"
      continue;
    }
    if (state === 2 && c === RBRACE) {
      i++;
      stack.pop();
      state = 1;
      continue;
    }
    // A member name.
    const top = stack[stack.length - 1]!;
    const start = i;
    i = stringEnd(text, i);
    const key = decodeKey(text, start, i);
    top.index++;
    top.key = key;
    if (top.keys) {
      const k = top.keys;
      let first: number | undefined;
      if (top.map) first = top.map.get(key);
      else
        for (let j = 0; j < k.length; j += 2)
          if (k[j] === key) {
            first = k[j + 1] as number;
            break;
          }
      if (first === undefined) {
        if (top.map) top.map.set(key, start);
        else if (k.length < 64) k.push(key, start);
        else {
          top.map = new Map();
          for (let j = 0; j < k.length; j += 2) top.map.set(k[j] as string, k[j + 1] as number);
          top.map.set(key, start);
        }
      } else if (dupes && dupes.length < maxDupes)
        dupes.push({
          pointer: `${framePointer(stack, stack.length - 1)}/${escapeToken(key)}`,
          key,
          offset: start,
          firstOffset: first,
        });
    }
    node = child(top, key);
    record(node, start);
    i = skipWs(text, i) + 1; // the ":"
    state = 0;
  }
}

/**
 * The member names that occur more than once in an object (their later occurrences), in text order.
 * `text` must be JSON that `JSON.parse` accepts.
 * @example findDuplicateKeys('{"a": 1, "a": 2}') // [{ pointer: "/a", key: "a", offset: 9, firstOffset: 1 }]
 */
export function findDuplicateKeys(text: string, max = 1000): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  scan(text, { duplicates, maxDuplicates: max });
  return duplicates;
}

/**
 * The offsets of the values at the given JSON pointers, in one pass: for an object member, the offset of
 * its name; for an array element or the root, the offset of the value. Pointers that do not exist are
 * absent from the result. With duplicate names, the first occurrence is located.
 * @example locatePointers('{"a": [1, 2]}', ["/a/1"]).get("/a/1") // 10
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, number> {
  const root: TrieNode = { pointer: undefined, children: undefined };
  let any = false;
  for (const p of pointers) {
    any = true;
    let n = root;
    for (const t of pointerTokens(p)) {
      n.children ??= new Map();
      let next = n.children.get(t);
      if (!next) {
        next = { pointer: undefined, children: undefined };
        n.children.set(t, next);
      }
      n = next;
    }
    n.pointer = p;
  }
  const found = new Map<string, number>();
  if (any) scan(text, { trie: root, found });
  return found;
}
