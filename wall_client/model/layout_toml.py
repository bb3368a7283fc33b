"""Writing a layout as a file of the `server/layouts/*.toml` kind (tomllib only reads; tomli-w writes).

Top-level `id`, `name`, `cols`, `rows`, then the tiles: one `[[tiles]]` table per tile with its settings
in a sub-table, or (tomli-w's choice, when every tile fits a short line) one inline table per tile.
What equals its default (span 1, no title, no settings) is left out, as those files do. The writer works
on the layout's JSON form (`model_dump(mode="json", exclude_defaults=True)`), so a tile's settings are
written the same way whether they are a dict or typed models. TOML has no null and only 64-bit
integers: either is refused with the key that holds it, rather than dropped or written into a file that
other TOML readers refuse.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from wall_protocol.entities import Layout

INT64 = 2**63


def check_toml_value(value: Any, where: str) -> None:
    """Raise ValueError naming `where` (a dotted path) for what TOML cannot hold."""
    if value is None:
        raise ValueError(f"{where}: TOML has no null; remove the key or give it a value")
    if isinstance(value, int) and not isinstance(value, bool) and not -INT64 <= value < INT64:
        raise ValueError(f"{where}: {value} does not fit a TOML integer (64 bits)")
    if isinstance(value, dict):
        for key, item in value.items():
            check_toml_value(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_toml_value(item, f"{where}[{index}]")


def dumps_layout(layout: Layout, comment: str | None = None) -> str:
    """The layout as a layouts file, with `comment` (any number of lines) as `#` lines on top."""
    data = layout.model_dump(mode="json", exclude_defaults=True)
    check_toml_value(data, "")
    header = "".join(f"# {line}".rstrip() + "\n" for line in (comment or "").splitlines())
    return header + tomli_w.dumps(data)
