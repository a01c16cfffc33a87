#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the rules of the rooms (docs/ARCHITECTURE.md) on the source tree.

Every project include is written from the one include root ("models/…", "ui/…"), so a rule
is a statement about include paths: which room may name which. A rule broken here is a
design decision to argue in review, not a build error to work around.

  check_layers.py SOURCE_DIR   exits 1 and lists every broken rule
  check_layers.py --self-test  proves on a made-up tree that a broken rule is found
"""
import pathlib
import re
import sys

# (room, forbidden include prefixes, why). A room is a path prefix below the source dir.
RULES = [
    ("models/", ("ui/", "app/", "tests/"),
     "the core library never depends on the console, the entry points or the tests"),
    ("models/", ("<QtWidgets", "<QWidget", "<QDialog", "<QMainWindow", "<QApplication"),
     "models/ never includes a QtWidgets header"),
    ("models/core/", ("models/backend/", "models/api/", "models/remote/", "models/server/",
                      "models/notices/", "models/table/", "models/users/"),
     "core/ holds the domain; every other room builds on it, not the other way round"),
    ("models/api/", ("models/backend/", "models/remote/", "models/server/", "models/notices/",
                     "models/table/", "models/users/"),
     "the wire format knows domain types only"),
    ("models/remote/", ("models/server/", "models/backend/sql/"),
     "the client speaks the wire format (api/), never the server's or the store's internals"),
    ("models/server/", ("models/remote/",),
     "the server speaks the wire format (api/), never the client's internals"),
    ("models/backend/sql/", ("models/remote/", "models/server/", "models/api/"),
     "the SQL store knows nothing of HTTP"),
    ("models/table/", ("models/backend/sql/", "models/remote/", "models/server/"),
     "item models see stores only through the Backend seam"),
    ("models/users/", ("models/backend/sql/", "models/remote/", "models/server/"),
     "item models see stores only through the Backend seam"),
    ("ui/", ("models/server/", "models/api/", "models/remote/HttpClient", "models/remote/NetworkThread",
             "<QSql", "<QtSql", "<QNetworkAccessManager", "<QNetworkReply", "<QNetworkRequest"),
     "ui/ never touches SQL or HTTP"),
    ("ui/", ("app/", "tests/"), "the console library is no entry point and has no tests in it"),
    ("app/cli/", ("ui/", "models/server/"), "the CLI links neither widgets nor the HTTP server"),
]

# SqlBackend's factories and the store address are how the console and the CLI open a store;
# everything else below backend/sql/ is internal to it.
SQL_DOORS = ("models/backend/sql/SqlBackend.h", "models/backend/sql/StoreLocation.h")
SQL_CLIENTS_LIMITED_TO_DOORS = ("ui/",)

MAX_LINES = 600  # no source file of the product above this (one job per file)

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"][^>"]+[>"])', re.M)


def project_sources(root):
    for room in ("models", "ui", "app", "tests"):
        for path in sorted((root / room).rglob("*")):
            if path.suffix in (".cpp", ".h") and path.is_file():
                yield path


def broken_rules(root):
    broken = []
    for path in project_sources(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            spelled = match.group(1)
            target = spelled.strip('"') if spelled.startswith('"') else spelled.rstrip(">")
            line = text.count("\n", 0, match.start()) + 1
            if spelled.startswith('"') and not (root / target).is_file():
                broken.append(f"{rel}:{line}: {spelled} is not written from the include root")
            for room, forbidden, why in RULES:
                if rel.startswith(room) and target.startswith(forbidden):
                    broken.append(f"{rel}:{line}: includes {spelled}: {why}")
            if (rel.startswith(SQL_CLIENTS_LIMITED_TO_DOORS) and target.startswith("models/backend/sql/")
                    and target not in SQL_DOORS):
                broken.append(f"{rel}:{line}: includes {spelled}: only {', '.join(SQL_DOORS)} "
                              "are meant for code outside the SQL store")
        if rel.startswith(("models/", "ui/", "app/")):
            lines = text.count("\n")
            if lines > MAX_LINES:
                broken.append(f"{rel}: {lines} lines, more than {MAX_LINES}: split where a second job moved in")
    return broken


def self_test():
    """A tree with one legal include and one of each kind of breach must report exactly those."""
    import tempfile
    files = {
        "models/api/Wire.h": '#include "models/core/Types.h"\n',
        "models/core/Types.h": "",
        "models/remote/Client.cpp": '#include "models/server/Service.h"\n',
        "models/server/Service.h": '#include "models/api/Wire.h"\n',
        "ui/Window.cpp": '#include <QSqlQuery>\n#include "Window.h"\n',
        "ui/Window.h": "",
        "app/Big.cpp": "x\n" * (MAX_LINES + 1),
    }
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch)
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(content, encoding="utf-8")
        found = broken_rules(root)
    expected = ["models/remote/Client.cpp:1:", "ui/Window.cpp:1:", "ui/Window.cpp:2:", "app/Big.cpp:"]
    missing = [e for e in expected if not any(f.startswith(e) for f in found)]
    if missing or len(found) != len(expected):
        print("self-test failed; found:", *found, sep="\n  ")
        return 1
    print("self-test: every planted breach found, nothing else")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    broken = broken_rules(pathlib.Path(sys.argv[1]).resolve())
    for problem in broken:
        print(problem)
    print(f"{len(broken)} broken rules" if broken else "the rules of the rooms hold")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
