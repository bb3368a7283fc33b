"""Writing a layout in the TOML shape of `layouts/*.toml` (tomllib only reads, and the venv has no writer).

Exactly that shape: top-level `id`, `name`, `cols`, `rows`, then one `[[tiles]]` table per tile with
its `props` as an inline table. Values are what a tile's props hold (JSON values): strings, numbers,
booleans, arrays and tables. TOML has no null, so a null is refused with the key that holds it
rather than silently dropped.
"""

from __future__ import annotations

import math
import re
from typing import Any

from wall_protocol.entities import Layout

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
INT64 = 2**63


def toml_string(text: str) -> str:
    """A TOML basic string: UTF-8 as is (Vietnamese stays readable), control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: Any, where: str = "value") -> str:
    """One value, inline (arrays and tables on one line, as TOML 1.0 requires of inline tables)."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, int):
        if not -INT64 <= value < INT64:
            raise ValueError(f"{where}: {value} does not fit a TOML integer (64 bits)")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # the shortest text that reads back as the same float, e.g. 0.1, 1e+20
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v, f"{where}[{i}]") for i, v in enumerate(value)) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{toml_key(str(k))} = {toml_value(v, f'{where}.{k}')}" for k, v in value.items())
        return "{ " + ", ".join(items) + " }"
    if value is None:
        raise ValueError(f"{where}: TOML has no null; remove the key or give it a value")
    raise ValueError(f"{where}: {type(value).__name__} cannot be written as TOML")


def dumps_layout(layout: Layout, comment: str | None = None) -> str:
    """The layout as a `layouts/` file; defaults (span 1, no title, no props) are left out as those files do."""
    lines = [f"# {line}".rstrip() for line in (comment or "").splitlines()]
    lines += [f"id = {toml_string(layout.id)}", f"name = {toml_string(layout.name)}",
              f"cols = {layout.cols}", f"rows = {layout.rows}"]
    for index, tile in enumerate(layout.tiles):
        lines += ["", "[[tiles]]", f"id = {toml_string(tile.id)}", f"kind = {toml_string(tile.kind.value)}",
                  f"col = {tile.col}", f"row = {tile.row}"]
        if tile.col_span != 1:
            lines.append(f"col_span = {tile.col_span}")
        if tile.row_span != 1:
            lines.append(f"row_span = {tile.row_span}")
        if tile.title:
            lines.append(f"title = {toml_string(tile.title)}")
        props = tile.props.model_dump(mode="json", exclude_defaults=True)
        if props:
            lines.append(f"props = {toml_value(props, f'tiles.{index}.props')}")
    return "\n".join(lines) + "\n"
