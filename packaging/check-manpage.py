#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a man page's options and the program's --help differ (packaging/package.sh).

  check-manpage.py PAGE.1 PROGRAM [ENV=VALUE ...]

Every --option the program's --help names (for tokendesk-cli also each command's --help) must be in
the page's option sections (OPTIONS, GLOBAL OPTIONS, COMMANDS), and every --option those sections
name must be in a --help, so neither can drift from the other.
"""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
SECTIONS = {"OPTIONS", "GLOBAL OPTIONS", "COMMANDS"}


def help_text(program, args, env):
    run = subprocess.run([program, *args, "--help"], capture_output=True, text=True, env=env, check=True)
    return run.stdout


def commands(top_help):
    """tokendesk-cli's commands: the words before the first option or argument of each line."""
    names = []
    listing = top_help.split("\nCommands:\n", 1)
    if len(listing) < 2:
        return names
    for line in listing[1].splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            words = []
            for word in line.split():
                if not re.fullmatch(r"[a-z][a-z-]*", word):
                    break
                words.append(word)
            if words:
                names.append(words)
    return names


def page_options(page):
    text = open(page, encoding="utf-8").read()
    found = set()
    section = None
    for line in text.splitlines():
        if line.startswith(".SH "):
            section = line[4:].strip().strip('"')
            continue
        if section in SECTIONS:
            plain = re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-").replace("\\e", "\\")
            found.update(OPTION.findall(plain))
    return found


def main():
    page, program, *assignments = sys.argv[1:]
    env = dict(os.environ)
    env.update(item.split("=", 1) for item in assignments)
    top = help_text(program, [], env)
    texts = [top] + [help_text(program, words, env) for words in commands(top)]
    in_help = set()
    for text in texts:
        in_help.update(OPTION.findall(text))
    in_page = page_options(page)
    missing = sorted(in_help - in_page)
    stale = sorted(in_page - in_help)
    name = os.path.basename(page)
    if missing:
        print(f"{name}: options of {os.path.basename(program)} --help missing from the page: {' '.join(missing)}")
    if stale:
        print(f"{name}: options in the page that {os.path.basename(program)} --help does not name: {' '.join(stale)}")
    if missing or stale:
        sys.exit(1)
    print(f"{name}: the {len(in_help)} options match {os.path.basename(program)} --help")


if __name__ == "__main__":
    main()
