"""Hypothesis strategies from a pydantic model's JSON schema: documents the model should accept.

Only what wall_protocol's models use: $ref/$defs, anyOf/oneOf, const, enum, the JSON types with their
bounds (length, pattern, minimum/maximum, items) and `date-time`. Sizes stay small (a few items, short
strings) so a live server answers many examples a second; `known` gives, per property name, values that
exist on the server (a wall, a layout, an alert) so that some commands reach their handler instead of a
'not found'.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

MAX_TEXT = 40
MAX_ITEMS = 3
ZONES = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))]
# Letters and digits only: str_strip_whitespace models would strip spaces off a generated edge and then
# refuse a too-short string, which is the model's rule and not what this strategy is for.
TEXT = st.characters(categories=("L", "N"), codec="utf-8") | st.sampled_from("ắầệịốựỹĐđ-_.")
Known = dict[str, st.SearchStrategy[Any]]


def from_schema(schema: dict[str, Any], known: Known | None = None) -> st.SearchStrategy[Any]:
    """Documents valid by `schema` (a model's `model_json_schema()`), with `known` values mixed in."""
    return _node(schema, schema.get("$defs", {}), known or {}, None)


def _node(node: dict[str, Any], defs: dict[str, Any], known: Known, name: str | None) -> st.SearchStrategy[Any]:
    if "$ref" in node:
        return _node(defs[node["$ref"].rsplit("/", 1)[-1]], defs, known, name)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for union in ("anyOf", "oneOf"):
        if union in node:
            return st.one_of([_node(member, defs, known, name) for member in node[union]])
    generic = _typed(node, defs, known)
    if name in known and node.get("type") in ("string", "integer", "array"):
        real = known[name]
        return st.integers(0, 3).flatmap(lambda pick: real if pick else generic)  # mostly real names, some not
    return generic


def _typed(node: dict[str, Any], defs: dict[str, Any], known: Known) -> st.SearchStrategy[Any]:
    kind = node.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low = node.get("minimum", -(2**63))
        high = node.get("maximum", 2**63 - 1)
        return st.integers(low, high)
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "string":
        return _string(node)
    if kind == "array":
        return _array(node, defs, known)
    if kind == "object":
        return _object(node, defs, known)
    raise NotImplementedError(f"schema node not covered by tests/support/schema_strategy.py: {node}")


def _string(node: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = node.get("minLength", 0), min(node.get("maxLength", MAX_TEXT), MAX_TEXT)
    if node.get("format") == "date-time":
        moments = st.datetimes(datetime(1971, 1, 1), datetime(2099, 1, 1), timezones=st.sampled_from(ZONES))
        return moments.map(lambda moment: moment.isoformat())
    if "pattern" in node:
        return st.from_regex(node["pattern"], fullmatch=True).filter(lambda text: low <= len(text) <= high)
    return st.text(TEXT, min_size=low, max_size=max(low, high))


def _array(node: dict[str, Any], defs: dict[str, Any], known: Known) -> st.SearchStrategy[list[Any]]:
    if "prefixItems" in node:
        return st.tuples(*[_node(item, defs, known, None) for item in node["prefixItems"]]).map(list)
    low = node.get("minItems", 0)
    high = min(node.get("maxItems", MAX_ITEMS), max(low, MAX_ITEMS))
    return st.lists(_node(node.get("items", {}), defs, known, None), min_size=low, max_size=high)


def _object(node: dict[str, Any], defs: dict[str, Any], known: Known) -> st.SearchStrategy[dict[str, Any]]:
    properties = node.get("properties", {})
    if not properties:
        values = node.get("additionalProperties")
        if isinstance(values, dict):
            return st.dictionaries(st.text(TEXT, min_size=1, max_size=10), _node(values, defs, known, None),
                                   max_size=MAX_ITEMS)
        return st.just({})
    # A property with a constant is a union's tag (`type`, `kind`): pydantic needs it to pick the member.
    required = set(node.get("required", ())) | {key for key, value in properties.items() if "const" in value}
    return st.fixed_dictionaries(
        {key: _node(value, defs, known, key) for key, value in properties.items() if key in required},
        optional={key: _node(value, defs, known, key) for key, value in properties.items() if key not in required},
    )
