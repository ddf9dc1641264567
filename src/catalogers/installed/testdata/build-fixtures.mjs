#!/usr/bin/env node
// Writes the synthetic environments the env cataloger is tested on (deterministic: RECORD digests are
// computed from the contents written here). Run `node src/catalogers/installed/testdata/build-fixtures.mjs`
// after changing it and commit the trees. Symbolic links (loops, links out of the root) and large sparse
// files are not kept in the repository: the tests create them in temporary copies.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function b64digest(bytes) {
  return createHash("sha256").update(bytes).digest("base64url");
}

const asBytes = (v) => (typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(v));

/** A tree under construction: files by root-relative path. */
class Tree {
  constructor(root) {
    this.root = root;
    this.files = new Map();
  }
  add(path, content) {
    this.files.set(path, asBytes(content));
    return this;
  }
  /**
   * A wheel-installed distribution: METADATA and the given files (relative to site), plus INSTALLER,
   * WHEEL and a RECORD listing them all with digests; `record` edits the RECORD rows.
   */
  dist(site, { name, version, metadata, files = {}, wheelTags = ["py3-none-any"], installer = "pip", requested, directUrl, extra = {}, record, noRecord }) {
    const info = `${name.replace(/-/g, "_")}-${version}.dist-info`;
    const own = new Map();
    own.set(`${info}/METADATA`, asBytes(metadata));
    if (installer) own.set(`${info}/INSTALLER`, asBytes(`${installer}\n`));
    if (requested) own.set(`${info}/REQUESTED`, asBytes(""));
    own.set(
      `${info}/WHEEL`,
      asBytes(`Wheel-Version: 1.0\nGenerator: fixture (1.0)\nRoot-Is-Purelib: true\n${wheelTags.map((t) => `Tag: ${t}\n`).join("")}`),
    );
    if (directUrl) own.set(`${info}/direct_url.json`, asBytes(JSON.stringify(directUrl)));
    for (const [p, c] of Object.entries(extra)) own.set(`${info}/${p}`, asBytes(c));
    for (const [p, c] of Object.entries(files)) own.set(p, asBytes(c));
    let rows = [...own].map(([p, c]) => [p, `sha256=${b64digest(c)}`, String(c.length)]);
    rows.push([`${info}/RECORD`, "", ""]);
    if (record) rows = record(rows, info);
    if (!noRecord) own.set(`${info}/RECORD`, asBytes(rows.map((r) => r.join(",")).join("\n") + "\n"));
    for (const [p, c] of own) this.files.set(site ? `${site}/${p}` : p, c);
    return this;
  }
  write() {
    rmSync(join(here, this.root), { recursive: true, force: true });
    for (const [p, c] of [...this.files].sort()) {
      const abs = join(here, this.root, p);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, c);
    }
  }
}

// Core metadata headers; a multi-line value is folded with 8 spaces, as setuptools writes it.
const md = (fields) =>
  `${Object.entries(fields)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${String(x).replace(/\n/g, "\n        ")}`))
    .join("\n")}\n\n`;

// ---------------------------------------------------------------------------------------------------
// venv: a POSIX virtualenv exercising the graph, licenses, suppliers, direct URLs, editable installs,
// vendored code, grafted libraries, an embedded SBOM, egg-info, duplicates and broken metadata.
const venv = new Tree("venv");
const SP = "lib/python3.12/site-packages";
venv
  .add(
    "pyvenv.cfg",
    "home = /usr/local/bin\ninclude-system-site-packages = false\nversion = 3.12.4\nexecutable = /usr/local/bin/python3.12\ncommand = /usr/local/bin/python3 -m venv /srv/app/venv\n",
  )
  .add("bin/activate", "# activate\n")
  .add("bin/python", "")

venv.dist(SP, {
  name: "myapp",
  version: "1.0.0",
  installer: "uv",
  requested: true,
  directUrl: { url: "file:///srv/app/src", dir_info: { editable: true } },
  metadata: md({
    "Metadata-Version": "2.4",
    Name: "myapp",
    Version: "1.0.0",
    Summary: "The application this environment is for",
    "Author-email": "Jane Doe <jane@example.org>",
    "Maintainer-email": "Acme Team <team@acme.example>",
    "License-Expression": "MIT OR Apache-2.0",
    "License-File": "LICENSE",
    "Project-URL": ["Homepage, https://acme.example/myapp", "Source, https://github.com/acme/myapp", "Issues, https://github.com/acme/myapp/issues"],
    "Requires-Python": ">=3.10",
    "Requires-Dist": [
      "requests[socks]>=2.30",
      'click>=8; python_version >= "3.8"',
      'colorama; sys_platform == "win32"',
      'tomli>=1.1; python_version < "3.11"',
      'pywin32>=300; platform_system == "Windows"',
      'rich; extra == "fancy"',
      "missingdep>=1.0",
      'uptime-helper; platform_release >= "5.0"',
      "selfref[all]",
      "cyc-a",
      "vcsdep",
      "archdep",
      "localdep",
      "numpy>=2",
      "cryptography>=43",
      "six>=1.16",
      "legacyreq",
      "legacy-dev",
    ],
    "Provides-Extra": "fancy",
  }),
  extra: { "licenses/LICENSE": "MIT License\n\nCopyright (c) 2024 Acme\n" },
  files: {
    "__editable__.myapp-1.0.0.pth": "import __editable___myapp_1_0_0_finder; __editable___myapp_1_0_0_finder.install()\n",
    "__editable___myapp_1_0_0_finder.py": "MAPPING: dict[str, str] = {'myapp': '/srv/app/src/myapp'}\nNAMESPACES: dict[str, list[str]] = {}\n",
  },
});
venv.dist(SP, {
  name: "requests",
  version: "2.32.3",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "requests",
    Version: "2.32.3",
    Summary: "Python HTTP for Humans.",
    "Home-page": "https://requests.readthedocs.io",
    Author: "Kenneth Reitz",
    "Author-email": "me@kennethreitz.org",
    License: "Apache-2.0",
    "Project-URL": ["Documentation, https://requests.readthedocs.io", "Source, https://github.com/psf/requests"],
    Classifier: ["License :: OSI Approved :: Apache Software License"],
    "Requires-Python": ">=3.8",
    "Requires-Dist": [
      "charset-normalizer<4,>=2",
      "idna<4,>=2.5",
      "urllib3<3,>=1.21.1",
      "certifi>=2017.4.17",
      'PySocks!=1.5.7,>=1.5.6; extra == "socks"',
      'chardet<6,>=3.0.2; extra == "use-chardet-on-py3"',
    ],
    "Provides-Extra": ["socks", "use-chardet-on-py3"],
  }),
  extra: { LICENSE: "Apache License\nVersion 2.0, January 2004\n" },
  files: { "requests/__init__.py": "# requests\n", "requests/api.py": "def get(url): ...\n" },
});
venv.dist(SP, {
  name: "urllib3",
  version: "2.2.2",
  metadata: md({
    "Metadata-Version": "2.3",
    Name: "urllib3",
    Version: "2.2.2",
    Summary: "HTTP library with thread-safe connection pooling, file post, and more.",
    "Author-email": "Andrey Petrov <andrey.petrov@shazow.net>",
    "Maintainer-email": "Seth Michael Larson <sethmichaellarson@gmail.com>, Quentin Pradet <quentin@pradet.me>",
    Classifier: ["License :: OSI Approved :: MIT License"],
    "Requires-Dist": [
      'brotli>=1.0.9; platform_python_implementation == "CPython" and extra == "brotli"',
      'pysocks!=1.5.7,<2.0,>=1.5.6; extra == "socks"',
    ],
    "Provides-Extra": ["brotli", "socks"],
  }),
  files: { "urllib3/__init__.py": "# urllib3\n" },
});
venv.dist(SP, {
  name: "idna",
  version: "3.7",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "idna",
    Version: "3.7",
    Summary: "Internationalized Domain Names in Applications (IDNA)",
    "Author-email": "Kim Davies <kim+pypi@gumleaf.org>",
    Classifier: ["License :: OSI Approved :: BSD License"],
  }),
  extra: { "LICENSE.md": "BSD 3-Clause License\n" },
  files: { "idna/__init__.py": "# idna\n" },
});
venv.dist(SP, {
  name: "certifi",
  version: "2024.7.4",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "certifi",
    Version: "2024.7.4",
    Summary: "Python package for providing Mozilla's CA Bundle.",
    Author: "Kenneth Reitz",
    "Author-email": "me@kennethreitz.com",
    License: "MPL-2.0",
  }),
  files: { "certifi/__init__.py": "# certifi\n", "certifi/cacert.pem": "-----BEGIN CERTIFICATE-----\n" },
});
venv.dist(SP, {
  name: "charset-normalizer",
  version: "3.3.2",
  wheelTags: ["cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"],
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "charset-normalizer",
    Version: "3.3.2",
    Summary: "The Real First Universal Charset Detector.",
    Author: "Ahmed TAHRI",
    "Author-email": "ahmed.tahri@cloudnursery.dev",
    License: "MIT",
    "Provides-Extra": "unicode_backport",
  }),
  files: {
    "charset_normalizer/__init__.py": "# cn\n",
    "charset_normalizer/md.cpython-312-x86_64-linux-gnu.so": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  },
});
venv.dist(SP, {
  name: "PySocks",
  version: "1.7.1",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "PySocks",
    Version: "1.7.1",
    Summary: "A Python SOCKS client module.",
    "Home-page": "https://github.com/Anorov/PySocks",
    Author: "Anorov",
    "Author-email": "anorov.vorona@gmail.com",
    License: "BSD",
    Classifier: ["License :: OSI Approved :: BSD License"],
  }),
  files: { "socks.py": "# socks\n", "sockshandler.py": "# handler\n" },
});
venv.dist(SP, {
  name: "click",
  version: "8.1.7",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "click",
    Version: "8.1.7",
    Summary: "Composable command line interface toolkit",
    "Maintainer-email": "Pallets <contact@palletsprojects.com>",
    Classifier: ["License :: OSI Approved :: BSD License"],
    License: "BSD-3-Clause",
    "Requires-Dist": ['colorama; platform_system == "Windows"'],
  }),
  extra: { "entry_points.txt": "[console_scripts]\nclick-demo = click.demo:main\n\n[other_group]\nx = y:z\n" },
  files: { "click/__init__.py": "# click\n" },
});
venv.dist(SP, {
  name: "selfref",
  version: "1.0",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "selfref",
    Version: "1.0",
    Author: "The Selfref Developers",
    "Requires-Dist": ['selfref[cli]; extra == "all"', 'clidep>=0.1; extra == "cli"', 'idna; extra == "never"'],
    "Provides-Extra": ["all", "cli", "never"],
  }),
  files: { "selfref/__init__.py": "" },
});
venv.dist(SP, {
  name: "clidep",
  version: "0.1",
  metadata: md({ "Metadata-Version": "2.1", Name: "clidep", Version: "0.1", Author: "Solo Dev" }),
  files: { "clidep.py": "" },
});
venv.dist(SP, {
  name: "cyc-a",
  version: "1.0",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "cyc-a",
    Version: "1.0",
    "Requires-Dist": ["cyc-b", 'cyc-b[y]; extra == "x"'],
    "Provides-Extra": "x",
  }),
  files: { "cyc_a.py": "" },
});
venv.dist(SP, {
  name: "cyc-b",
  version: "1.0",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "cyc-b",
    Version: "1.0",
    "Requires-Dist": ["cyc-a[x]", 'idna>=3; extra == "y"'],
    "Provides-Extra": "y",
  }),
  files: { "cyc_b.py": "" },
});
venv.dist(SP, {
  name: "vcsdep",
  version: "0.5.0",
  directUrl: {
    url: "https://user:s3cret@github.com/acme/vcsdep.git",
    vcs_info: { vcs: "git", commit_id: "7921be1537eac1e97bc40179a57f0349c2aee67d", requested_revision: "v0.5.0" },
    subdirectory: "python",
  },
  metadata: md({ "Metadata-Version": "2.1", Name: "vcsdep", Version: "0.5.0", Author: "Acme Labs" }),
  files: { "vcsdep.py": "" },
});
venv.dist(SP, {
  name: "archdep",
  version: "2.0",
  directUrl: {
    url: "https://files.example.org/archdep-2.0-py3-none-any.whl",
    archive_info: {
      hash: "sha256=2dd82a43d7327a99e3aa8e5f6dbf2e70ff1f6a4b4f27d7b1e1a9b1c46e0b9f0d",
      hashes: { sha256: "2dd82a43d7327a99e3aa8e5f6dbf2e70ff1f6a4b4f27d7b1e1a9b1c46e0b9f0d" },
    },
  },
  metadata: md({ "Metadata-Version": "2.1", Name: "archdep", Version: "2.0", License: "GPLv3+" }),
  files: { "archdep.py": "" },
});
venv.dist(SP, {
  name: "localdep",
  version: "0.3",
  directUrl: { url: "file:///srv/wheels/localdep-0.3-py3-none-any.whl", archive_info: {} },
  metadata: md({ "Metadata-Version": "2.1", Name: "localdep", Version: "0.3" }),
  files: { "localdep.py": "" },
});
venv.dist(SP, {
  name: "pip",
  version: "24.0",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "pip",
    Version: "24.0",
    Summary: "The PyPA recommended tool for installing Python packages.",
    Author: "The pip developers",
    "Author-email": "distutils-sig@python.org",
    License: "MIT",
  }),
  files: {
    "pip/__init__.py": "",
    "pip/_vendor/__init__.py": "",
    "pip/_vendor/vendor.txt":
      "CacheControl==0.14.0  # Make sure to update the license in pyproject.toml for this.\nrequests==2.31.0\n    certifi==2024.2.2\n    urllib3==1.26.18\nsetuptools>=40  # not pinned\n",
    "pip/_vendor/requests/__init__.py": "",
  },
});
venv.dist(SP, {
  name: "setuptools",
  version: "75.1.0",
  metadata: md({ "Metadata-Version": "2.1", Name: "setuptools", Version: "75.1.0", "Author-email": "Python Packaging Authority <distutils-sig@python.org>" }),
  files: {
    "setuptools/__init__.py": "",
    "setuptools/_vendor/packaging-24.1.dist-info/METADATA": md({
      "Metadata-Version": "2.1",
      Name: "packaging",
      Version: "24.1",
      "Author-email": "Donald Stufft <donald@stufft.io>",
      Classifier: ["License :: OSI Approved :: Apache Software License", "License :: OSI Approved :: BSD License"],
    }),
    "setuptools/_vendor/packaging/__init__.py": "",
    "pkg_resources/__init__.py": "",
    "pkg_resources/_vendor/jaraco/__init__.py": "",
    "pkg_resources/_vendor/zipp.py": "",
  },
});
venv.dist(SP, {
  name: "numpy",
  version: "2.0.0",
  wheelTags: ["cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"],
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "numpy",
    Version: "2.0.0",
    Author: "Travis E. Oliphant et al.",
    "Maintainer-email": "NumPy Developers <numpy-discussion@python.org>",
    License: "Copyright (c) 2005-2024, NumPy Developers.\nAll rights reserved.\n\nRedistribution and use in source and binary forms...",
  }),
  files: {
    "numpy/__init__.py": "",
    "numpy/_core/_multiarray_umath.cpython-312-x86_64-linux-gnu.so": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 1]),
    "numpy.libs/libgfortran-040039e1.so.5.0.0": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 9]),
    "numpy.libs/libscipy_openblas64_-99b71e71.so": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 8]),
  },
});
venv.dist(SP, {
  name: "cryptography",
  version: "43.0.0",
  wheelTags: ["cp39-abi3-manylinux_2_28_x86_64"],
  metadata: md({
    "Metadata-Version": "2.3",
    Name: "cryptography",
    Version: "43.0.0",
    "Author-email": "The Python Cryptographic Authority and individual contributors <cryptography-dev@python.org>",
    "License-Expression": "Apache-2.0 OR BSD-3-Clause",
  }),
  extra: {
    "sboms/openssl.cdx.json": JSON.stringify(
      {
        bomFormat: "CycloneDX",
        specVersion: "1.5",
        version: 1,
        metadata: { timestamp: "2024-07-20T00:00:00Z" },
        components: [
          {
            type: "library",
            "bom-ref": "openssl",
            name: "openssl",
            version: "3.3.1",
            purl: "pkg:generic/openssl@3.3.1",
            licenses: [{ license: { id: "Apache-2.0" } }],
          },
        ],
      },
      null,
      2,
    ),
  },
  files: { "cryptography/__init__.py": "", "cryptography/hazmat/bindings/_rust.abi3.so": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 3]) },
});
// Core metadata in Latin-1, as some old tools wrote it.
venv.dist(SP, {
  name: "latin1pkg",
  version: "1.0",
  metadata: Buffer.concat([
    Buffer.from("Metadata-Version: 1.1\nName: latin1pkg\nVersion: 1.0\nAuthor: Stefan K"),
    Buffer.from([0xf6]),
    Buffer.from("gl\nAuthor-email: stefan@skoegl.net\nLicense: Modified BSD License\n\n"),
  ]),
  files: { "latin1pkg.py": "" },
});
venv.dist(SP, {
  name: "nobody",
  version: "0.0.1",
  metadata: md({ "Metadata-Version": "2.1", Name: "nobody", Version: "0.0.1", Summary: "Nobody is named here" }),
  files: { "nobody.py": "" },
});
venv.dist(SP, { name: "six", version: "1.16.0", metadata: md({ "Metadata-Version": "2.1", Name: "six", Version: "1.16.0", Author: "Benjamin Peterson", "Author-email": "benjamin@python.org", License: "MIT" }), files: { "six.py": "# six 1.16\n" } });
venv
  // distutils-style egg-info *file* of an older six: a duplicate install.
  .add(`${SP}/six-1.15.0-py3.12.egg-info`, md({ "Metadata-Version": "1.1", Name: "six", Version: "1.15.0", Author: "Benjamin Peterson", License: "MIT" }))
  // setuptools egg-info directory with requires.txt sections and installed-files.txt.
  .add(`${SP}/legacyreq-2.0-py3.12.egg-info/PKG-INFO`, md({ "Metadata-Version": "1.1", Name: "legacyreq", Version: "2.0", Author: "Old School", License: "ZPL 2.1" }))
  .add(`${SP}/legacyreq-2.0-py3.12.egg-info/requires.txt`, 'idna>=2\n\n[:python_version < "3.13"]\ncertifi\n\n[security]\ncryptography\n\n[socks:sys_platform == "win32"]\nPySocks\n')
  .add(`${SP}/legacyreq-2.0-py3.12.egg-info/installed-files.txt`, "../legacyreq/__init__.py\nPKG-INFO\nrequires.txt\ninstalled-files.txt\ntop_level.txt\n")
  .add(`${SP}/legacyreq-2.0-py3.12.egg-info/top_level.txt`, "legacyreq\n")
  .add(`${SP}/legacyreq/__init__.py`, "")
  // setup.py develop of a project outside the environment.
  .add(`${SP}/legacy-dev.egg-link`, "/home/dev/legacy-dev\n.\n")
  .add(`${SP}/easy-install.pth`, "/home/dev/legacy-dev\n")
  // METADATA that is not core metadata at all.
  .add(`${SP}/broken-0.1.dist-info/METADATA`, "\u0000\u0001 this is not a metadata file\n")
  .add(`${SP}/broken-0.1.dist-info/RECORD`, "broken-0.1.dist-info/METADATA,,\n");
venv.dist(SP, {
  name: "norecord",
  version: "1.0",
  noRecord: true,
  metadata: md({ "Metadata-Version": "2.1", Name: "norecord", Version: "1.0", Author: "A. Person" }),
});
venv.write();

// ---------------------------------------------------------------------------------------------------
// winvenv: a Windows virtualenv (Lib/site-packages, Scripts/): markers see win32.
const win = new Tree("winvenv");
win
  .add("pyvenv.cfg", "home = C:\\Python312\ninclude-system-site-packages = false\nversion = 3.12.4\n")
  .add("Scripts/activate.bat", "@echo off\n");
win.dist("Lib/site-packages", {
  name: "click",
  version: "8.1.7",
  metadata: md({ "Metadata-Version": "2.1", Name: "click", Version: "8.1.7", "Requires-Dist": ['colorama; platform_system == "Windows"', 'uvloop; sys_platform != "win32"'] }),
  files: { "click/__init__.py": "" },
  record: (rows) => [...rows, ["../../Scripts/click.exe", "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", "0"]],
});
win.dist("Lib/site-packages", {
  name: "colorama",
  version: "0.4.6",
  metadata: md({ "Metadata-Version": "2.1", Name: "colorama", Version: "0.4.6" }),
  files: { "colorama/__init__.py": "" },
});
win.add("Scripts/click.exe", "");
win.write();

// ---------------------------------------------------------------------------------------------------
// prefix: an interpreter prefix for aarch64 Linux, with sysconfig data and patchlevel.h.
const prefix = new Tree("prefix");
prefix
  .add(
    "lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py",
    "# system configuration generated and used by the sysconfig module\nbuild_time_vars = {'ABIFLAGS': '',\n 'HOST_GNU_TYPE': 'aarch64-unknown-linux-gnu',\n 'MACHDEP': 'linux',\n 'MULTIARCH': 'aarch64-linux-gnu',\n 'SOABI': 'cpython-311-aarch64-linux-gnu',\n 'VERSION': '3.11',\n 'prefix': '/opt/python'}\n",
  )
  .add("lib/python3.11/os.py", "# stdlib\n")
  .add("lib/python3.11/site-packages/README.txt", "This directory exists so that 3rd party packages can be installed here.\n")
  .add("include/python3.11/patchlevel.h", '#define PY_VERSION              "3.11.9"\n');
prefix.dist("lib/python3.11/site-packages", {
  name: "armonly",
  version: "1.0",
  metadata: md({
    "Metadata-Version": "2.1",
    Name: "armonly",
    Version: "1.0",
    "Requires-Dist": ['neon; platform_machine == "aarch64"', 'avx; platform_machine == "x86_64"', 'old; python_full_version < "3.11.4"', 'new; python_full_version >= "3.11.4"'],
  }),
  files: { "armonly.py": "" },
});
prefix.dist("lib/python3.11/site-packages", { name: "neon", version: "1.0", metadata: md({ "Metadata-Version": "2.1", Name: "neon", Version: "1.0" }), files: { "neon.py": "" } });
prefix.dist("lib/python3.11/site-packages", { name: "new", version: "1.0", metadata: md({ "Metadata-Version": "2.1", Name: "new", Version: "1.0" }), files: { "new.py": "" } });
prefix.write();

// ---------------------------------------------------------------------------------------------------
// tampered: a site-packages directory whose files no longer match RECORD.
const tampered = new Tree("tampered");
tampered.dist("", {
  name: "alpha",
  version: "1.0",
  metadata: md({ "Metadata-Version": "2.1", Name: "alpha", Version: "1.0", "Requires-Dist": ["beta"] }),
  files: {
    "alpha/__init__.py": "print('alpha')\n",
    "alpha/changed.py": "ORIGINAL = True\n",
    "alpha/gone.py": "# deleted after install\n",
    "alpha/big.bin": "small\n",
  },
  record: (rows) =>
    rows.map((r) => (r[0] === "alpha/big.bin" ? [r[0], r[1], "2147483648"] : r)),
});
tampered.dist("", {
  name: "beta",
  version: "2.0",
  metadata: md({ "Metadata-Version": "2.1", Name: "beta", Version: "2.0" }),
  files: { "beta.py": "# beta\n", "beta/data/__init__.py": "" },
});
tampered
  .add("alpha/changed.py", "ORIGINAL = False  # patched\n")
  .add("alpha/extra.py", "import os  # dropped in later\n")
  .add("alpha/__pycache__/changed.cpython-312.pyc", "")
  .add("evil.pth", "import os; os.system('true')\n")
  .add("README.txt", "site-packages\n");
tampered.files.delete("alpha/gone.py");
tampered.write();
