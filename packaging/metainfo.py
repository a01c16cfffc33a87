#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the package's AppStream metainfo and Debian changelog from the repository's files.

The release notes come from CHANGELOG.md (Keep a Changelog): every "## [VERSION]" section becomes an
AppStream <release>, newest first. A section whose heading says "not yet released" (or has no date)
is a development release dated with --date. The "## [Unreleased]" section holds what was built since
the last release, so its entries join the release of the version being built (--version) while that
one is not released yet; once it is dated they are left out (bump the version first).

AppStream allows no nested lists and no links in a description: a bullet with sub-bullets becomes a
paragraph followed by their list, a link keeps its text only, `code` becomes <code> and **bold**
<em>. A code span holding only a URL scheme (`https://`) is written as the scheme's name: appstreamcli
reads "https://" anywhere in a description as a plain-text link (description-has-plaintext-url).

  metainfo.py metainfo --changelog CHANGELOG.md --template IN --output OUT --version V --date D
              [--set NAME=VALUE ...]       (replaces @NAME@ in the template)
  metainfo.py debian-changelog --package P --version V-R --date D --maintainer M --output OUT
"""
import argparse
import datetime
import html
import re
import sys

SECTION = re.compile(r"^## \[(?P<name>[^\]]+)\](?P<rest>.*)$")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def inline(text):
    """Markdown inline markup of one item or paragraph to AppStream's."""
    out = []
    # Split on code spans first: nothing inside them is markup.
    for i, part in enumerate(re.split(r"`([^`]*)`", text)):
        if i % 2:
            part = re.sub(r"^([a-z][a-z0-9+.-]*)://$", r"\1", part)
            out.append("<code>" + html.escape(part, quote=False) + "</code>")
            continue
        part = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", part)
        part = html.escape(part, quote=False)
        part = re.sub(r"\*\*(.+?)\*\*", r"<em>\1</em>", part)
        out.append(part)
    return " ".join("".join(out).split())


def parse_items(lines):
    """The bullets of one ### group: [(text, [sub-texts])]."""
    items = []
    for line in lines:
        if not line.strip():
            continue
        if line.startswith("- "):
            items.append([line[2:].strip(), []])
        elif re.match(r"^ {2,3}- ", line) and items:
            items[-1][1].append(line.strip()[2:])
        elif items:
            # A continuation line: of the last sub-bullet if there is one, else of the bullet.
            target = items[-1][1] if items[-1][1] else None
            if target is not None and line.startswith("    "):
                target[-1] += " " + line.strip()
            else:
                items[-1][0] += " " + line.strip()
    return items


def parse_changelog(path):
    """[(name, heading rest, [(group title, items)])] in file order."""
    sections = []
    group = None
    for line in open(path, encoding="utf-8").read().splitlines():
        match = SECTION.match(line)
        if match:
            sections.append((match["name"], match["rest"], []))
            group = None
            continue
        if not sections:
            continue
        if line.startswith("### "):
            group = (line[4:].strip(), [])
            sections[-1][2].append(group)
        elif group is not None:
            group[1].append(line)
    return [(name, rest, [(title, parse_items(lines)) for title, lines in groups])
            for name, rest, groups in sections]


def description(groups, indent):
    pad = " " * indent
    out = []
    open_list = False
    for title, items in groups:
        if open_list:
            out.append(pad + "</ul>")
            open_list = False
        out.append(f"{pad}<p>{inline(title)}:</p>")
        for text, subs in items:
            if subs:
                if open_list:
                    out.append(pad + "</ul>")
                    open_list = False
                out.append(f"{pad}<p>{inline(text)}</p>")
                out.append(pad + "<ul>")
                out.extend(f"{pad}  <li>{inline(sub)}</li>" for sub in subs)
                out.append(pad + "</ul>")
                continue
            if not open_list:
                out.append(pad + "<ul>")
                open_list = True
            out.append(f"{pad}  <li>{inline(text)}</li>")
    if open_list:
        out.append(pad + "</ul>")
    return out


def releases(changelog, version, source_date):
    sections = parse_changelog(changelog)
    unreleased = [groups for name, _, groups in sections if name.lower() == "unreleased"]
    out = ["<releases>"]
    for name, rest, groups in sections:
        if name.lower() == "unreleased":
            continue
        dated = DATE.search(rest)
        released = dated is not None and "not yet released" not in rest
        if name == version and not released and unreleased:
            groups = unreleased[0] + groups
        kind = "stable" if released else "development"
        date = dated.group(1) if released else source_date
        out.append(f'  <release version="{html.escape(name)}" date="{date}" type="{kind}">')
        out.append("    <description>")
        out.extend(description(groups, 6))
        out.append("    </description>")
        out.append("  </release>")
    out.append("</releases>")
    if len(out) == 2:
        sys.exit(f"{changelog}: no '## [VERSION]' section")
    return out


def write_metainfo(args):
    text = open(args.template, encoding="utf-8").read()
    values = dict(item.split("=", 1) for item in args.set)
    block = releases(args.changelog, args.version, args.date)
    match = re.search(r"^( *)@RELEASES@$", text, re.M)
    if not match:
        sys.exit(f"{args.template}: no @RELEASES@ line")
    text = text.replace(match.group(0), "\n".join(match.group(1) + line for line in block))
    for name, value in values.items():
        text = text.replace(f"@{name}@", html.escape(value))
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        sys.exit(f"{args.template}: no value for {' '.join(sorted(set(left)))}")
    open(args.output, "w", encoding="utf-8").write(text)


def write_debian_changelog(args):
    # Debian wants an entry per package version; ours says where the real changes are.
    when = datetime.datetime.strptime(args.date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
    text = (f"{args.package} ({args.version}) unstable; urgency=medium\n\n"
            "  * Built from the TokenDesk source tree with CPack (packaging/CMakeLists.txt).\n"
            "    The changes of this version are in changelog.gz (the project's\n"
            "    CHANGELOG.md).\n\n"
            f" -- {args.maintainer}  {when.strftime('%a, %d %b %Y %H:%M:%S +0000')}\n")
    open(args.output, "w", encoding="utf-8").write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    meta = sub.add_parser("metainfo")
    meta.add_argument("--changelog", required=True)
    meta.add_argument("--template", required=True)
    meta.add_argument("--output", required=True)
    meta.add_argument("--version", required=True)
    meta.add_argument("--date", required=True)
    meta.add_argument("--set", action="append", default=[])
    deb = sub.add_parser("debian-changelog")
    deb.add_argument("--package", required=True)
    deb.add_argument("--version", required=True)
    deb.add_argument("--date", required=True)
    deb.add_argument("--maintainer", required=True)
    deb.add_argument("--output", required=True)
    args = parser.parse_args()
    if args.command == "metainfo":
        write_metainfo(args)
    else:
        write_debian_changelog(args)


if __name__ == "__main__":
    main()
