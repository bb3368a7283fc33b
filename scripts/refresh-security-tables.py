"""Rewrite the generated tables of docs/security.md (settings, resources, commands, routes) from the code.

Each table the code prints (`python -m server.security_doc`, `server.roles.markdown()`) replaces the table
in the doc that starts with the same header line; run it after adding a setting, a route or a command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from server import roles, security_doc

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def tables(markdown: str) -> list[list[str]]:
    """The tables of a markdown text, each as its lines (a table ends at the first line not starting with |)."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def main() -> int:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for table in tables(security_doc.settings_markdown()) + tables(roles.markdown()):
        start = lines.index(table[0])  # ValueError: the doc lost a table's header: put it back by hand
        end = start
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        lines[start:end] = table
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
