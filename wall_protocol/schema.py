"""JSON Schema of the wire contract: `python -m wall_protocol.schema [--check] PATH`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from wall_protocol.messages import PROTOCOL_VERSION, ClientMessage, ServerMessage


def build_schema() -> dict[str, Any]:
    client = TypeAdapter(ClientMessage).json_schema(ref_template="#/$defs/{model}")
    server = TypeAdapter(ServerMessage).json_schema(ref_template="#/$defs/{model}")
    defs = {**client.pop("$defs", {}), **server.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"IOC Wall protocol v{PROTOCOL_VERSION}",
        "description": "Messages exchanged on /ws. Generated from wall_protocol; do not edit by hand.",
        "$defs": dict(sorted(defs.items())),
        "properties": {"client_message": client, "server_message": server},
    }


def render() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path, help="where the schema lives (docs/protocol.schema.json)")
    parser.add_argument("--check", action="store_true", help="fail if the file is not current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != text:
            print(f"{args.path} is out of date: run python -m wall_protocol.schema {args.path}", file=sys.stderr)
            return 1
        print(f"{args.path} is current")
        return 0
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
