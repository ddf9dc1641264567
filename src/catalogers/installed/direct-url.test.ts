import { describe, expect, it } from "vitest";
import {
  directUrlDownloadLocation,
  directUrlQualifiers,
  fileUrlPath,
  parseDirectUrl,
  redactUrl,
  urlFileName,
} from "./direct-url.js";

// The examples of PEP 610 / "Direct URL Data Structure", and what pysbom makes of each.
const CASES: [json: string, qualifiers: object, download: string | undefined][] = [
  [
    '{"url": "https://github.com/pypa/pip.git", "vcs_info": {"vcs": "git", "requested_revision": "1.3.1", "commit_id": "7921be1537eac1e97bc40179a57f0349c2aee67d"}}',
    { vcs_url: "git+https://github.com/pypa/pip.git@7921be1537eac1e97bc40179a57f0349c2aee67d" },
    "git+https://github.com/pypa/pip.git@7921be1537eac1e97bc40179a57f0349c2aee67d",
  ],
  [
    '{"url": "ssh://git@github.com/pypa/pip.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}, "subdirectory": "sub/dir"}',
    { vcs_url: "git+ssh://git@github.com/pypa/pip.git@abc" },
    "git+ssh://git@github.com/pypa/pip.git@abc#sub/dir",
  ],
  [
    '{"url": "https://github.com/pypa/pip/archive/1.3.1.zip", "archive_info": {"hashes": {"sha256": "2dc6b5a470a1bde68946f263f1af1515a2574a150a30d6ce02c6ff742fcc0db8"}}}',
    { download_url: "https://github.com/pypa/pip/archive/1.3.1.zip", file_name: "1.3.1.zip" },
    "https://github.com/pypa/pip/archive/1.3.1.zip",
  ],
  ['{"url": "file:///home/user/project", "dir_info": {"editable": true}}', {}, undefined],
  ['{"url": "file:///home/user/project", "dir_info": {}}', {}, undefined],
  [
    '{"url": "file:///srv/wheels/x-1.0-py3-none-any.whl", "archive_info": {}}',
    { file_name: "x-1.0-py3-none-any.whl" },
    undefined,
  ],
];

describe("PEP 610 direct_url.json", () => {
  it.each(CASES)("%s", (json, qualifiers, download) => {
    const r = parseDirectUrl(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(directUrlQualifiers(r.value)).toEqual(qualifiers);
    expect(directUrlDownloadLocation(r.value)).toBe(download);
  });

  it("reads archive hashes, the deprecated `hash` only as a fallback", () => {
    const r = parseDirectUrl(
      '{"url":"https://x/a.tar.gz","archive_info":{"hash":"sha256=AA","hashes":{"sha256":"bb","md5":"cc"}}}',
    );
    expect(r.ok && r.value.hashes).toEqual([
      { algorithm: "SHA256", value: "bb" },
      { algorithm: "MD5", value: "cc" },
    ]);
    const old = parseDirectUrl('{"url":"https://x/a.tar.gz","archive_info":{"hash":"sha256=AA"}}');
    expect(old.ok && old.value.hashes).toEqual([{ algorithm: "SHA256", value: "aa" }]);
  });

  it("marks editable directories", () => {
    const r = parseDirectUrl('{"url":"file:///p","dir_info":{"editable":true}}');
    expect(r.ok && r.value.editable).toBe(true);
  });

  it.each([
    ["not json", "not JSON"],
    ["[]", "not a JSON object"],
    ['{"url": 1, "dir_info": {}}', 'no "url"'],
    ['{"url": "x", "dir_info": {}, "archive_info": {}}', "exactly one"],
    ['{"url": "x"}', "exactly one"],
    ['{"url": "x", "vcs_info": {"vcs": "git"}}', "commit_id"],
  ])("rejects %s", (json, message) => {
    const r = parseDirectUrl(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it("drops passwords but keeps user names and environment-variable placeholders (PEP 610)", () => {
    const placeholder = ["https://$", "{USER}:$", "{TOKEN}@host/x"].join("");
    expect(redactUrl("https://user:s3cret@host/x")).toBe("https://user@host/x");
    expect(redactUrl("https://git@host/x")).toBe("https://git@host/x");
    expect(redactUrl(placeholder)).toBe(placeholder);
    expect(redactUrl("https://host/x")).toBe("https://host/x");
  });

  it("helpers", () => {
    expect(urlFileName("https://h/p/a%20b-1.0.tar.gz?x=1")).toBe("a b-1.0.tar.gz");
    expect(urlFileName("https://h/")).toBeUndefined();
    expect(fileUrlPath("file:///home/a%20b")).toBe("/home/a b");
    expect(fileUrlPath("https://h/x")).toBeUndefined();
  });
});
