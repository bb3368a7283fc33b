"""A server one version ahead of the client: this tree's wall_protocol with what a next version might add.

The copy knows a tile kind `weather`, a clock setting `seconds_hand`, and no longer refuses overlapping
tiles; a real server started on it (ServerProcess with `env`/`cwd` from `newer_server_env`) stores and
sends layouts this tree's wall client cannot read, as a server upgraded before its wall PCs would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NEW_KIND = "weather"
NEW_SETTING = "seconds_hand"
PATCHES = {
    "tiles.py": [
        ('    MAP = "map"\n', f'    MAP = "map"\n    WEATHER = "{NEW_KIND}"\n'),
        ("class RankingTile(TileBase):",
         "class WeatherTile(TileBase):\n    kind: Literal[TileKind.WEATHER]\n"
         "    props: MapSettings = Field(default_factory=MapSettings)\n\n\nclass RankingTile(TileBase):"),
        ("| MapTile\n    | RankingTile,", "| MapTile\n    | RankingTile | WeatherTile,"),
    ],
    "tile_settings.py": [
        ('class ClockSettings(WireModel):\n    """The clock has nothing to set: it shows Vietnam\'s date and time."""\n',
         f'class ClockSettings(WireModel):\n    {NEW_SETTING}: bool = False\n'),
    ],
    "entities.py": [
        ("            for cell in tile.cells():\n                if cell in owner:",
         "            for cell in tile.cells():\n                if False:"),
    ],
}


def newer_server_env(root: Path) -> tuple[dict[str, str], Path]:
    """(environment, working directory) for a server that imports the newer wall_protocol made under `root`."""
    target = root / "newer"
    shutil.copytree(REPO / "wall_protocol", target / "wall_protocol",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name, patches in PATCHES.items():
        path = target / "wall_protocol" / name
        text = path.read_text(encoding="utf-8")
        for old, new in patches:
            assert old in text, f"{name} changed: update tests/support/newer_protocol.py ({old[:40]!r})"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    # `python -m` puts its working directory first on sys.path: it must not be this tree, whose
    # wall_protocol would win over the newer one.
    return {"PYTHONPATH": f"{target}:{REPO}"}, target
