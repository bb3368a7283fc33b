"""A store on a real SQLite file with the built-in layouts, wall `main` and three cameras."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, install, load_dir
from server.domain import catalog, documents
from server.store.context import Principal, WriteContext
from server.store.store import Store
from wall_protocol.admin import CameraSpec
from wall_protocol.common import Role

OPERATOR = Principal(name="operator", role=Role.OPERATOR.value)
CAMERAS = ("cam-a", "cam-b", "cam-c")


def seed(context: WriteContext) -> None:
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    install(context, layouts, profiles)
    for cam in CAMERAS:
        spec = CameraSpec(id=cam, name=cam, main_url="http://127.0.0.1:1/x.ts")
        documents.upsert(context, None, catalog.CAMERAS, spec)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'iocwall.db'}"


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    opened = Store(db_url)
    opened.open()
    await opened.write(seed)
    yield opened
    opened.close()
