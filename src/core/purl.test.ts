import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalizePurl,
  formatPurl,
  genericPurl,
  githubPurl,
  isCanonicalPurl,
  isValidPurl,
  normalizePurl,
  type PackageURL,
  parsePurl,
  pypiPurl,
  tryParsePurl,
} from "./purl.js";

// Official cases from package-url/purl-spec, copied verbatim (description, test_type, input, expected_output,
// expected_failure); `src` names the file and commit:
// - pypi@0495d51    tests/types/pypi-test.json     0495d512e1daceacaa1394d118aeb7b1a07c9cce (PEP 503 runs rule,
//                   types/pypi-definition.json 1918fa3190e911fa8931b5b617574bfc7ffb42a2, purl-spec PR #262)
// - pypi@b983043    tests/types/pypi-test.json     b98304344704da0c3b1a974e9c84a1c66f4553ac (`file_name` qualifier)
// - generic@6235631 tests/types/generic-test.json  6235631d6b743955db3f2fec3acea55777a67ba4
// - generic@0124335 tests/types/generic-test.json  012433509a4a87620597c94905afb0a1a7ab8d2c (validation cases only:
//                   that revision's roundtrip/build outputs leave `/` raw in qualifier values, which the
//                   "Character encoding" section and tests/spec/qualifiers-test.json do not allow)
// - github@0124335  tests/types/github-test.json   012433509a4a87620597c94905afb0a1a7ab8d2c
// - spec@b983043    tests/spec/specification-test.json b98304344704da0c3b1a974e9c84a1c66f4553ac
// - qualifiers@4ddc761 tests/spec/qualifiers-test.json 4ddc761c399bb9ca8878b62941f7586bffae82fd
interface Components {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
}
interface OfficialCase {
  src: string;
  description: string;
  test_type: "parse" | "roundtrip" | "build" | "validation";
  input: string | Components;
  expected_output: string | Components | { severity: string; message: string }[] | null;
  expected_failure: boolean;
}
const OFFICIAL: OfficialCase[] = [
  {
    src: "pypi@0495d51",
    description: "pypi names have special rules and not case sensitive. Rountrip an input purl to canonical.",
    test_type: "roundtrip",
    input: "pkg:pypi/My.PyPI_.--._Package@1.11.1.dev1",
    expected_output: "pkg:pypi/my-pypi-package@1.11.1.dev1",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "pypi names have special rules and not case sensitive",
    test_type: "parse",
    input: "pkg:pypi/My.PyPI_.--._Package@1.11.1.dev1",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "my-pypi-package",
      version: "1.11.1.dev1",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description:
      "pypi names have special rules and not case sensitive. Rountrip a canonical input to canonical output.",
    test_type: "roundtrip",
    input: "pkg:pypi/my-pypi-package@1.11.1.dev1",
    expected_output: "pkg:pypi/my-pypi-package@1.11.1.dev1",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "pypi names have special rules and not case sensitive",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "My.PyPI_.--._Package",
      version: "1.11.1.dev1",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:pypi/my-pypi-package@1.11.1.dev1",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:pypi/django@1.11.1",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:pypi/django@1.11.1",
    expected_output: "pkg:pypi/django@1.11.1",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:pypi/django@1.11.1",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { filename: "Django-1.11.1.tar.gz" },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
    expected_output: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { filename: "Django-1.11.1.tar.gz" },
      subpath: null,
    },
    expected_output: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:pypi/django@1.11.1?filename=Django-1.11.1-py2.py3-none-any.whl",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { filename: "Django-1.11.1-py2.py3-none-any.whl" },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:pypi/django@1.11.1?filename=Django-1.11.1-py2.py3-none-any.whl",
    expected_output: "pkg:pypi/django@1.11.1?filename=Django-1.11.1-py2.py3-none-any.whl",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { filename: "Django-1.11.1-py2.py3-none-any.whl" },
      subpath: null,
    },
    expected_output: "pkg:pypi/django@1.11.1?filename=Django-1.11.1-py2.py3-none-any.whl",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:pypi/django-allauth@12.23",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django-allauth",
      version: "12.23",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:pypi/django-allauth@12.23",
    expected_output: "pkg:pypi/django-allauth@12.23",
    expected_failure: false,
  },
  {
    src: "pypi@0495d51",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "django-allauth",
      version: "12.23",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:pypi/django-allauth@12.23",
    expected_failure: false,
  },
  {
    src: "pypi@b983043",
    description:
      "pypi names have special rules and not case sensitive. Roundtrip an input purl to canonical.",
    test_type: "roundtrip",
    input: "pkg:PYPI/Django_package@1.11.1.dev1",
    expected_output: "pkg:pypi/django-package@1.11.1.dev1",
    expected_failure: false,
  },
  {
    src: "pypi@b983043",
    description: "pypi names have special rules and not case sensitive",
    test_type: "parse",
    input: "pkg:PYPI/Django_package@1.11.1.dev1",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django-package",
      version: "1.11.1.dev1",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@b983043",
    description: "Parse test for PURL type: pypi",
    test_type: "parse",
    input: "pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz",
    expected_output: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { file_name: "Django-1.11.1.tar.gz" },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "pypi@b983043",
    description: "Roundtrip test for PURL type: pypi",
    test_type: "roundtrip",
    input: "pkg:pypi/django@1.11.1?file_name=Django-1.11.1-py2.py3-none-any.whl",
    expected_output: "pkg:pypi/django@1.11.1?file_name=Django-1.11.1-py2.py3-none-any.whl",
    expected_failure: false,
  },
  {
    src: "pypi@b983043",
    description: "Build test  for PURL type: pypi",
    test_type: "build",
    input: {
      type: "pypi",
      namespace: null,
      name: "django",
      version: "1.11.1",
      qualifiers: { file_name: "Django-1.11.1-py2.py3-none-any.whl" },
      subpath: null,
    },
    expected_output: "pkg:pypi/django@1.11.1?file_name=Django-1.11.1-py2.py3-none-any.whl",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Parse test for PURL type: generic",
    test_type: "parse",
    input: "pkg:generic/openssl@1.1.10g",
    expected_output: {
      type: "generic",
      namespace: null,
      name: "openssl",
      version: "1.1.10g",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Roundtrip test for PURL type: generic",
    test_type: "roundtrip",
    input: "pkg:generic/openssl@1.1.10g",
    expected_output: "pkg:generic/openssl@1.1.10g",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Build test  for PURL type: generic",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "openssl",
      version: "1.1.10g",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:generic/openssl@1.1.10g",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Parse test for PURL type: generic",
    test_type: "parse",
    input:
      "pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz&checksum=sha256:de4d501267da",
    expected_output: {
      type: "generic",
      namespace: null,
      name: "openssl",
      version: "1.1.10g",
      qualifiers: {
        checksum: "sha256:de4d501267da",
        download_url: "https://openssl.org/source/openssl-1.1.0g.tar.gz",
      },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Roundtrip test for PURL type: generic",
    test_type: "roundtrip",
    input:
      "pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz&checksum=sha256:de4d501267da",
    expected_output:
      "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https:%2F%2Fopenssl.org%2Fsource%2Fopenssl-1.1.0g.tar.gz",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Build test  for PURL type: generic",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "openssl",
      version: "1.1.10g",
      qualifiers: {
        checksum: "sha256:de4d501267da",
        download_url: "https://openssl.org/source/openssl-1.1.0g.tar.gz",
      },
      subpath: null,
    },
    expected_output:
      "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https:%2F%2Fopenssl.org%2Fsource%2Fopenssl-1.1.0g.tar.gz",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Parse test for PURL type: generic",
    test_type: "parse",
    input: "pkg:generic/bitwarderl?vcs_url=git%2Bhttps://git.fsfe.org/dxtr/bitwarderl%40cc55108da32",
    expected_output: {
      type: "generic",
      namespace: null,
      name: "bitwarderl",
      version: null,
      qualifiers: { vcs_url: "git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32" },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Roundtrip test for PURL type: generic",
    test_type: "roundtrip",
    input: "pkg:generic/bitwarderl?vcs_url=git%2Bhttps://git.fsfe.org/dxtr/bitwarderl%40cc55108da32",
    expected_output:
      "pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32",
    expected_failure: false,
  },
  {
    src: "generic@6235631",
    description: "Build test  for PURL type: generic",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "bitwarderl",
      version: null,
      qualifiers: { vcs_url: "git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32" },
      subpath: null,
    },
    expected_output:
      "pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32",
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Valid generic package with version",
    test_type: "validation",
    input: "pkg:generic/openssl@1.1.10g",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Valid generic package with download_url and checksum",
    test_type: "validation",
    input:
      "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Valid generic package with vcs_url",
    test_type: "validation",
    input: "pkg:generic/bitwarderl?vcs_url=git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Extra unknown qualifier",
    test_type: "validation",
    input: "pkg:generic/mypkg@3.0.0?foo=bar",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Subpath included",
    test_type: "validation",
    input: "pkg:generic/libexample@0.5.2#src/libexample.c",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "generic@0124335",
    description: "Missing version and no qualifiers",
    test_type: "validation",
    input: "pkg:generic/noversionpkg",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "github namespace and name should be lowercased. Rountrip an input purl to canonical.",
    test_type: "roundtrip",
    input: "pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "github namespace and name should be lowercased",
    test_type: "parse",
    input: "pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
    expected_output: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004f0aed9c",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description:
      "github namespace and name should be lowercased. Rountrip a canonical input to canonical output.",
    test_type: "roundtrip",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "github namespace and name should be lowercased",
    test_type: "build",
    input: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004f0aed9c",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004",
    expected_output: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004",
      qualifiers: null,
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004",
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004",
      qualifiers: null,
      subpath: null,
    },
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Parse test for <class 'type'> PURL",
    test_type: "parse",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
    expected_output: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004",
      qualifiers: null,
      subpath: "everybody/loves/dogs",
    },
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Rountrip test for <class 'type'> PURL",
    test_type: "roundtrip",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Build test  for <class 'type'> PURL",
    test_type: "build",
    input: {
      type: "github",
      namespace: "package-url",
      name: "purl-spec",
      version: "244fd47e07d1004",
      qualifiers: null,
      subpath: "everybody/loves/dogs",
    },
    expected_output: "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Valid GitHub package with namespace, name, and version",
    test_type: "validation",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "Valid GitHub package with subpath",
    test_type: "validation",
    input: "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
    expected_output: [],
    expected_failure: false,
  },
  {
    src: "github@0124335",
    description: "GitHub package missing namespace",
    test_type: "validation",
    input: "pkg:github/purl-spec@244fd47e07d1004",
    expected_output: [{ severity: "error", message: "Namespace is required for purl type: 'github'" }],
    expected_failure: false,
  },
  {
    src: "spec@b983043",
    description: "a scheme is always required",
    test_type: "parse",
    input: "EnterpriseLibrary.Common@6.0.1304",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "a type is always required",
    test_type: "parse",
    input: "pkg:EnterpriseLibrary.Common@6.0.1304",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "a type is always required",
    test_type: "build",
    input: {
      type: null,
      namespace: null,
      name: "EnterpriseLibrary.Common",
      version: "6.0.1304",
      qualifiers: null,
      subpath: null,
    },
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "check for invalid character in type",
    test_type: "parse",
    input: "pkg:n&g?inx/nginx@0.8.9",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "check for null type",
    test_type: "build",
    input: { type: null, namespace: null, name: "nginx", version: "0.8.9", qualifiers: null, subpath: null },
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "check for type that starts with number",
    test_type: "parse",
    input: "pkg:3nginx/nginx@0.8.9",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "check for colon in type",
    test_type: "parse",
    input: "pkg:nginx:a/nginx@0.8.9",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "checks for invalid qualifier keys",
    test_type: "parse",
    input: "pkg:npm/myartifact@1.0.0?in%20production=true",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "checks for invalid qualifier keys",
    test_type: "build",
    input: {
      type: "npm",
      namespace: null,
      name: "myartifact",
      version: "1.0.0",
      qualifiers: { "in production": "true" },
      subpath: null,
    },
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "a name is required",
    test_type: "parse",
    input: "pkg:maven/@1.3.4",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "a name is required",
    test_type: "build",
    input: { type: "maven", namespace: null, name: null, version: null, qualifiers: null, subpath: null },
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "invalid encoded colon : between scheme and type",
    test_type: "parse",
    input: "pkg%3Amaven/org.apache.commons/io",
    expected_output: null,
    expected_failure: true,
  },
  {
    src: "spec@b983043",
    description: "Build with multiple checksum",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "openssl",
      version: "1.1.10g",
      qualifiers: { checksum: "sha1:ad9503c3e994a4f,sha256:41bf9088b3a1e6c1ef1d" },
      subpath: null,
    },
    expected_output:
      "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
    expected_failure: false,
  },
  {
    src: "spec@b983043",
    description: "Roundtrip with multiple checksum",
    test_type: "roundtrip",
    input: "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
    expected_output: "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
    expected_failure: false,
  },
  {
    src: "qualifiers@4ddc761",
    description: "order qualifiers by name",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "example",
      version: null,
      qualifiers: { b: "1", c: "2", a: "3" },
      subpath: null,
    },
    expected_output: "pkg:generic/example?a=3&b=1&c=2",
    expected_failure: false,
  },
  {
    src: "qualifiers@4ddc761",
    description: "order qualifiers by name",
    test_type: "roundtrip",
    input: "pkg:generic/example?b=1&c=2&a=3",
    expected_output: "pkg:generic/example?a=3&b=1&c=2",
    expected_failure: false,
  },
  {
    src: "qualifiers@4ddc761",
    description: "encode qualifiers",
    test_type: "build",
    input: {
      type: "generic",
      namespace: null,
      name: "example",
      version: null,
      qualifiers: {
        calc: "2+1=3",
        preencoded_url: "https://example.com/site?val%5B1%5D=my%20key&d=%23#docs",
        unencoded_url: "https://example.com/site?val[1]=my key#docs",
      },
      subpath: null,
    },
    expected_output:
      "pkg:generic/example?calc=2%2B1%3D3&preencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%255B1%255D%3Dmy%2520key%26d%3D%2523%23docs&unencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%5B1%5D%3Dmy%20key%23docs",
    expected_failure: false,
  },
  {
    src: "qualifiers@4ddc761",
    description: "decode qualifiers",
    test_type: "parse",
    input:
      "pkg:generic/example?calc=2%2B1%3D3&preencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%255B1%255D%3Dmy%2520key%26d%3D%2523%23docs&unencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%5B1%5D%3Dmy%20key%23docs",
    expected_output: {
      type: "generic",
      namespace: null,
      name: "example",
      version: null,
      qualifiers: {
        calc: "2+1=3",
        preencoded_url: "https://example.com/site?val%5B1%5D=my%20key&d=%23#docs",
        unencoded_url: "https://example.com/site?val[1]=my key#docs",
      },
      subpath: null,
    },
    expected_failure: false,
  },
  {
    src: "qualifiers@4ddc761",
    description: "keep qualifiers unchanged when fixing encoding",
    test_type: "roundtrip",
    input:
      "pkg:generic/example?calc=2%2B1%3D3&preencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%255B1%255D%3Dmy%2520key%26d%3D%2523%23docs&unencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%5B1%5D%3Dmy%20key%23docs",
    expected_output:
      "pkg:generic/example?calc=2%2B1%3D3&preencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%255B1%255D%3Dmy%2520key%26d%3D%2523%23docs&unencoded_url=https:%2F%2Fexample.com%2Fsite%3Fval%5B1%5D%3Dmy%20key%23docs",
    expected_failure: false,
  },
];

function toPackageURL(c: Components): PackageURL {
  const p: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (v !== null) p[k] = v;
  return p as unknown as PackageURL;
}

function fromPackageURL(p: PackageURL): Components {
  return {
    type: p.type,
    namespace: p.namespace ?? null,
    name: p.name,
    version: p.version ?? null,
    qualifiers: p.qualifiers ? { ...p.qualifiers } : null,
    subpath: p.subpath ?? null,
  };
}

function runOfficial(c: OfficialCase): string | undefined {
  const show = (x: unknown) => JSON.stringify(x);
  try {
    if (c.test_type === "validation") {
      const ok = isValidPurl(c.input as string);
      const want = (c.expected_output as unknown[]).length === 0;
      return ok === want ? undefined : `valid=${ok}`;
    }
    let got: unknown;
    if (c.test_type === "parse") got = fromPackageURL(parsePurl(c.input as string));
    else if (c.test_type === "roundtrip") got = canonicalizePurl(c.input as string);
    else got = formatPurl(toPackageURL(c.input as Components));
    if (c.expected_failure) return `expected a failure, got ${show(got)}`;
    return isDeepStrictEqual(got, c.expected_output) ? undefined : `got ${show(got)}`;
  } catch (e) {
    if (c.expected_failure && (e as { code?: string }).code === "INVALID_PURL") return undefined;
    return `threw ${String(e)}`;
  }
}

describe(`purl-spec official cases (${OFFICIAL.length} cases)`, () => {
  it("parses, round-trips and builds like the official test suite", () => {
    const failures: string[] = [];
    for (const c of OFFICIAL) {
      const err = runOfficial(c);
      if (err !== undefined)
        failures.push(`[${c.src}] ${c.test_type} ${c.description}: ${JSON.stringify(c.input)}: ${err}`);
    }
    expect(failures).toEqual([]);
  });
});

// Percent-encoding per "Character encoding": only ASCII alphanumerics, `.-_~` and `:` stay unencoded.
const ENCODING: { p: PackageURL; purl: string }[] = [
  { p: { type: "generic", name: "a b" }, purl: "pkg:generic/a%20b" },
  { p: { type: "generic", name: "a~b.c-d_e:f" }, purl: "pkg:generic/a~b.c-d_e:f" },
  { p: { type: "generic", name: "!'()*" }, purl: "pkg:generic/%21%27%28%29%2A" },
  {
    p: { type: "generic", name: "a/b@c?d#e&f=g+h%i" },
    purl: "pkg:generic/a%2Fb%40c%3Fd%23e%26f%3Dg%2Bh%25i",
  },
  { p: { type: "generic", name: "é€😀" }, purl: "pkg:generic/%C3%A9%E2%82%AC%F0%9F%98%80" },
  { p: { type: "generic", namespace: "@scope/sub", name: "x" }, purl: "pkg:generic/%40scope/sub/x" },
  { p: { type: "generic", namespace: "/a//b/", name: "x" }, purl: "pkg:generic/a/b/x" },
  { p: { type: "generic", name: "x", version: "1.0 Final/2:3" }, purl: "pkg:generic/x@1.0%20Final%2F2:3" },
  { p: { type: "Generic", name: "x", version: "" }, purl: "pkg:generic/x" },
  {
    p: {
      type: "generic",
      name: "x",
      qualifiers: { Repository_URL: "https://h/p", empty: "", Arch: "x86_64" },
    },
    purl: "pkg:generic/x?arch=x86_64&repository_url=https:%2F%2Fh%2Fp",
  },
  { p: { type: "generic", name: "x", qualifiers: { empty: "" } }, purl: "pkg:generic/x" },
  { p: { type: "generic", name: "x", subpath: "/./a/../b//c d/" }, purl: "pkg:generic/x#a/b/c%20d" },
  { p: { type: "generic", name: "x", subpath: "./.." }, purl: "pkg:generic/x" },
  { p: { type: "pypi", name: "Zope.Interface", version: "1.0RC1" }, purl: "pkg:pypi/zope-interface@1.0rc1" },
  { p: { type: "github", namespace: "Python", name: "CPython" }, purl: "pkg:github/python/cpython" },
];

// Non-canonical but valid inputs and what they canonicalise to (the spec's "How to parse").
const LENIENT: { input: string; purl: string }[] = [
  { input: "pkg:/generic/x", purl: "pkg:generic/x" },
  { input: "pkg:///generic/x/", purl: "pkg:generic/x" },
  { input: "PKG:generic/x", purl: "pkg:generic/x" },
  { input: "pkg:generic//ns//x", purl: "pkg:generic/ns/x" },
  { input: "pkg:generic/x?&a=1&&b=", purl: "pkg:generic/x?a=1" },
  { input: "pkg:generic/x#/a/./b/../", purl: "pkg:generic/x#a/b" },
  { input: "pkg:generic/x#%2E%2E/a", purl: "pkg:generic/x#a" },
  { input: "pkg:generic/x@1%2b2", purl: "pkg:generic/x@1%2B2" },
  { input: "pkg:generic/x@sha256%3Aabc", purl: "pkg:generic/x@sha256:abc" },
  { input: "pkg:generic/a b", purl: "pkg:generic/a%20b" },
  { input: "pkg:generic/x?a=1=2", purl: "pkg:generic/x?a=1%3D2" },
];

const INVALID: { input: string; why: string }[] = [
  { input: "", why: "empty" },
  { input: "pkg:", why: "no type" },
  { input: "pkg:generic", why: "no name" },
  { input: "pkg:generic/", why: "empty name" },
  { input: "pkg:generic/x%2", why: "truncated escape" },
  { input: "pkg:generic/x%ZZ", why: "bad escape" },
  { input: "pkg:generic/%C3", why: "not UTF-8" },
  { input: "pkg:generic/a%2Fb/x", why: "encoded slash in a namespace segment" },
  { input: "pkg:generic/x#a%2Fb", why: "encoded slash in a subpath segment" },
  { input: "pkg:generic/x?a", why: "qualifier without =" },
  { input: "pkg:generic/x?=1", why: "empty qualifier key" },
  { input: "pkg:generic/x?1a=1", why: "key starts with a digit" },
  { input: "pkg:generic/x?a%41=1", why: "percent-encoded key" },
  { input: "pkg:generic/x?a=1&A=2", why: "duplicate key" },
  { input: "pkg:pypi/ns/django", why: "pypi has no namespace" },
  { input: "pkg:github/purl-spec", why: "github needs a namespace" },
  { input: "pkg:gen+eric/x", why: "+ in type" },
  { input: "purl:generic/x", why: "wrong scheme" },
  { input: "pkg:generic/x\uD800", why: "lone surrogate" },
];

describe("purl encoding and normalisation", () => {
  it("formats components canonically", () => {
    const failures: string[] = [];
    for (const c of ENCODING) {
      const got = formatPurl(c.p);
      if (got !== c.purl) failures.push(`${JSON.stringify(c.p)}: ${got}, want ${c.purl}`);
      const back = parsePurl(got);
      if (!isDeepStrictEqual(back, normalizePurl(c.p)))
        failures.push(`${c.purl}: parses to ${JSON.stringify(back)}`);
    }
    expect(failures).toEqual([]);
  });

  it("parses lenient input to the canonical form", () => {
    const failures = LENIENT.filter((c) => canonicalizePurl(c.input) !== c.purl).map(
      (c) => `${c.input}: ${canonicalizePurl(c.input)}`,
    );
    expect(failures).toEqual([]);
    expect(LENIENT.filter((c) => isCanonicalPurl(c.input))).toEqual([]);
    expect(LENIENT.filter((c) => !isCanonicalPurl(c.purl))).toEqual([]);
  });

  it("rejects invalid purls with INVALID_PURL", () => {
    expect(
      INVALID.filter((c) => isValidPurl(c.input) || tryParsePurl(c.input) !== undefined).map((c) => c.why),
    ).toEqual([]);
    for (const c of INVALID)
      expect(() => parsePurl(c.input), c.why).toThrow(expect.objectContaining({ code: "INVALID_PURL" }));
  });

  it("formatPurl rejects components no purl can carry", () => {
    const bad: PackageURL[] = [
      { type: "", name: "x" },
      { type: "9x", name: "x" },
      { type: "generic", name: "" },
      { type: "generic", name: "x", qualifiers: { "in production": "true" } },
      { type: "generic", name: "x", qualifiers: { a: "1", A: "2" } },
      { type: "generic", name: "\uD800" },
      { type: "pypi", namespace: "x", name: "y" },
      { type: "github", name: "y" },
    ];
    for (const p of bad)
      expect(() => formatPurl(p), JSON.stringify(p)).toThrow(
        expect.objectContaining({ code: "INVALID_PURL" }),
      );
  });
});

describe("purl builders", () => {
  it("pypiPurl normalises the name and a valid PEP 440 version, keeps other versions", () => {
    expect(pypiPurl({ name: "Django", version: "1.11.1" })).toBe("pkg:pypi/django@1.11.1");
    expect(pypiPurl({ name: "typing_extensions", version: "4.9.0" })).toBe(
      "pkg:pypi/typing-extensions@4.9.0",
    );
    expect(pypiPurl({ name: "ruamel.yaml" })).toBe("pkg:pypi/ruamel-yaml");
    expect(pypiPurl({ name: "foo", version: "1.0.0-RC1" })).toBe("pkg:pypi/foo@1.0.0rc1");
    expect(pypiPurl({ name: "foo", version: "v1.0-post2" })).toBe("pkg:pypi/foo@1.0.post2");
    expect(pypiPurl({ name: "foo", version: "1.0+Ubuntu-1" })).toBe("pkg:pypi/foo@1.0%2Bubuntu.1");
    expect(pypiPurl({ name: "foo", version: "not a version" })).toBe("pkg:pypi/foo@not%20a%20version");
    expect(
      pypiPurl({
        name: "Django",
        version: "1.11.1",
        qualifiers: {
          file_name: "Django-1.11.1-py2.py3-none-any.whl",
          repository_url: "https://pypi.org/simple",
          download_url: "",
        },
      }),
    ).toBe(
      "pkg:pypi/django@1.11.1?file_name=Django-1.11.1-py2.py3-none-any.whl&repository_url=https:%2F%2Fpypi.org%2Fsimple",
    );
    expect(
      pypiPurl({
        name: "pkg",
        qualifiers: { vcs_url: "git+https://github.com/o/r.git@abc", download_url: "https://x/y" },
      }),
    ).toBe(
      "pkg:pypi/pkg?download_url=https:%2F%2Fx%2Fy&vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fo%2Fr.git%40abc",
    );
  });

  it("genericPurl and githubPurl", () => {
    expect(
      genericPurl({
        name: "bitwarderl",
        qualifiers: { vcs_url: "git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32" },
      }),
    ).toBe("pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32");
    expect(genericPurl({ namespace: "python", name: "cpython-source-deps", version: "xz-5.2.5" })).toBe(
      "pkg:generic/python/cpython-source-deps@xz-5.2.5",
    );
    expect(
      githubPurl({ namespace: "Package-url", name: "purl-Spec", version: "244fd47e07d1004", subpath: "a/b" }),
    ).toBe("pkg:github/package-url/purl-spec@244fd47e07d1004#a/b");
  });
});

describe("purl properties", () => {
  const text = fc.string({ unit: "binary", maxLength: 12 });
  const nonEmpty = fc.string({ unit: "binary", minLength: 1, maxLength: 12 });
  const segment = nonEmpty.filter((s) => !s.includes("/") && s !== "." && s !== "..");
  const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,8}$/);
  const components = fc.record(
    {
      type: fc.oneof(
        fc.constantFrom("pypi", "generic", "PyPI", "GitHub"),
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9.-]{0,8}$/),
      ),
      namespace: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/")),
      name: nonEmpty,
      version: text,
      qualifiers: fc.dictionary(key, text, { maxKeys: 4 }),
      subpath: fc.array(segment, { maxLength: 3 }).map((s) => s.join("/")),
    },
    { requiredKeys: ["type", "name"] },
  );
  // Drop what the type rules forbid (pypi namespace, github without one) and clashing keys (A vs a).
  const valid = components
    .map((p): PackageURL => {
      const t = p.type.toLowerCase();
      if (t === "pypi") return { ...p, namespace: undefined };
      if (t === "github" && !p.namespace) return { ...p, namespace: "owner" };
      return p;
    })
    .filter((p) => {
      const keys = Object.keys(p.qualifiers ?? {}).map((k) => k.toLowerCase());
      return new Set(keys).size === keys.length;
    });

  it("parse(format(x)) equals the canonical x, and formatting is idempotent", () => {
    fc.assert(
      fc.property(valid, (p) => {
        const s = formatPurl(p);
        const canonical = normalizePurl(p);
        expect(parsePurl(s)).toEqual(canonical);
        expect(isDeepStrictEqual(parsePurl(s), canonical)).toBe(true);
        expect(formatPurl(canonical)).toBe(s);
        expect(isCanonicalPurl(s)).toBe(true);
        // Canonical purls are ASCII from the permitted set only.
        expect(s).toMatch(/^[A-Za-z0-9.\-_~%:/@?=&#]+$/);
      }),
      { numRuns: 1000 },
    );
  });

  it("fails fast on 10 MB hostile strings", () => {
    const t0 = performance.now();
    const n = 10_000_000;
    expect(isValidPurl(`pkg:${"/".repeat(n)}`)).toBe(false);
    expect(isValidPurl(`pkg:generic/${"%".repeat(n)}`)).toBe(false);
    expect(isValidPurl(`pkg:generic/x?${"a=1&".repeat(n / 4)}`)).toBe(false);
    expect(isValidPurl(`pkg:${"a".repeat(n)}`)).toBe(false);
    expect(isValidPurl(`pkg:generic/x#${"/.".repeat(n / 2)}`)).toBe(true);
    expect(canonicalizePurl(`pkg:pypi/a${"-_.".repeat(n / 3)}b`)).toBe("pkg:pypi/a-b");
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
