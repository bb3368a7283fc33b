"""A saved layout may only name cameras, series, tables, table columns, areas and images the server has.

The tile settings mark such fields (wall_protocol.tiles.references); a name that is not here would
leave its tile empty on the wall without a word, so a save is refused naming the layout, the tile,
the field and the closest names that do exist. Built-in layouts from `layouts/` are checked only
against their schema at start-up: they are installed before any feed has sent data (series and
tables appear with their first samples, the demo's cameras after the install).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import documents, tables
from server.images.names import registered_names
from server.store.tables import AlertRow, CameraRow, SeriesRow
from wall_protocol.entities import Layout
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.tile_settings import fold_area
from wall_protocol.tiles import references


def _closest(name: str, known: list[str]) -> str:
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if near:
        return f"; closest: {', '.join(near)}"
    return "; there are none yet" if not known else ""


def missing_references(session: Session, layout: Layout) -> Iterator[tuple[str, str]]:
    """(field path, why) for each name in the layout that the server does not have."""
    cameras = list(session.scalars(select(CameraRow.id)))
    series = list(session.scalars(select(SeriesRow.key)))
    known_tables = {info.key: info for info in documents.listing(session, tables.TABLES)}
    areas: list[str] | None = None  # read only for a layout that filters by area
    images = sorted(registered_names())
    for index, tile in enumerate(layout.tiles):
        table_key = getattr(tile.props, "table", None)
        for path, kind, name in references(tile):
            where = f"tiles.{index}.{path}"
            label = f"layout {layout.id!r}, tile {tile.id!r}, {path}"
            if kind == "camera" and name not in cameras:
                yield where, f"{label}: no camera {name!r}{_closest(name, cameras)}"
            elif kind == "series" and name not in series:
                yield where, f"{label}: no series {name!r}{_closest(name, series)}"
            elif kind == "table" and name not in known_tables:
                yield where, f"{label}: no table {name!r}{_closest(name, list(known_tables))}"
            elif kind == "area":
                areas = known_areas(session) if areas is None else areas
                if fold_area(name) not in {fold_area(a) for a in areas}:
                    yield where, f"{label}: no camera, series or alert has the area {name!r}{_closest(name, areas)}"
            elif kind == "image" and name not in images:
                yield where, (f"{label}: no image {name!r} (shipped files in the layouts' images/ folder and "
                              f"[images.sources] of the server's config){_closest(name, images)}")
            elif kind == "column" and table_key in known_tables:
                columns = [c.key for c in known_tables[table_key].columns]
                if name not in columns:
                    yield where, f"{label}: table {table_key!r} has no column {name!r}{_closest(name, columns)}"


def known_areas(session: Session) -> list[str]:
    """The areas the server knows: those its cameras, series and alerts name (there is no separate list)."""
    found: set[str] = set()
    for column in (CameraRow.area, SeriesRow.area, AlertRow.area):
        found.update(a for a in session.scalars(select(column).distinct()) if a)
    return sorted(found)


def check_references(session: Session, layout: Layout) -> None:
    """Refuse (INVALID) a layout naming a camera, series, table or column the server does not have."""
    problems = list(missing_references(session, layout))
    if problems:
        field, _ = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ProtocolError(ErrorCode.INVALID, problems[0][1] + more, field=field)
