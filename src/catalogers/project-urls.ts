// Project URLs (core metadata `Project-URL`, pyproject `[project.urls]`) as model values: the homepage and
// typed external references, with labels normalised as PEP 753 says. Shared by the env and lock catalogers.
import type { ExternalRef } from "../model/index.js";

// Normalised labels → reference types both SPDX (category OTHER) and CycloneDX understand.
const URL_TYPES: Readonly<Record<string, string>> = {
  source: "vcs",
  sourcecode: "vcs",
  repository: "vcs",
  code: "vcs",
  github: "vcs",
  git: "vcs",
  issues: "issue-tracker",
  issuetracker: "issue-tracker",
  bugtracker: "issue-tracker",
  bugs: "issue-tracker",
  tracker: "issue-tracker",
  documentation: "documentation",
  docs: "documentation",
  changelog: "release-notes",
  changes: "release-notes",
  releasenotes: "release-notes",
  whatsnew: "release-notes",
  history: "release-notes",
  download: "distribution",
  funding: "other",
  donate: "other",
  sponsor: "other",
  chat: "chat",
  discord: "chat",
  gitter: "chat",
  mailinglist: "mailing-list",
  security: "security-contact",
  repo: "vcs",
  gitlab: "vcs",
  doc: "documentation",
  bugreports: "issue-tracker",
};
const HOMEPAGE_LABELS = new Set(["homepage", "home", "website"]);

/**
 * PEP 753 label normalisation: lowercase, punctuation and whitespace removed.
 * @example normalizeUrlLabel("Issue Tracker") // "issuetracker"
 */
export function normalizeUrlLabel(label: string): string {
  return label.toLowerCase().replace(/[\s!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, "");
}

/**
 * The homepage (a `Home-page` field, else the first URL labelled homepage/home/website) and the other
 * URLs as external references typed by their label (`website` when the label says nothing known).
 * @example projectUrls([{ label: "Source", url: "https://github.com/x/y" }]).refs[0].type // "vcs"
 */
export function projectUrls(
  urls: readonly { readonly label: string; readonly url: string }[],
  homePage?: string,
): { homepage?: string; refs: ExternalRef[] } {
  let homepage = homePage?.trim() || undefined;
  const refs: ExternalRef[] = [];
  for (const { label, url } of urls) {
    const norm = normalizeUrlLabel(label);
    if (HOMEPAGE_LABELS.has(norm)) {
      if (homepage === undefined) {
        homepage = url;
        continue;
      }
      if (homepage === url) continue;
    }
    refs.push({ category: "OTHER", type: URL_TYPES[norm] ?? "website", locator: url, comment: label });
  }
  return { homepage, refs };
}
