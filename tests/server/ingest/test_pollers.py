"""Pollers on a real store: JSON and CSV from files and from an HTTP server on loopback."""

from __future__ import annotations

import http.server
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from server.config import PollerConfig
from server.core import Core
from server.domain import alerts, metrics
from server.ingest.parse import FeedError
from server.ingest.pollers import poll_once
from server.observability import Telemetry
from server.push.hub import Hub
from server.store.store import Store


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    store = Store(f"sqlite:///{tmp_path / 'poll.db'}")
    store.open()
    yield Core(store, Hub(), Telemetry())
    store.close()


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static HTTP server on 127.0.0.1 serving a temp folder."""
    folder = tmp_path / "www"
    folder.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()


async def test_csv_metrics_from_file(core: Core, tmp_path: Path):
    """A CSV of samples becomes history and latest values."""
    path = tmp_path / "kpi.csv"
    path.write_text("series,ts,value\nbudget-revenue,2026-10-31T00:00:00+07:00,9100\n"
                    "budget-revenue,2026-11-30T00:00:00+07:00,9800.5\n", encoding="utf-8")
    count = await poll_once(core, PollerConfig(name="tc", kind="metrics", path=path, format="csv"))
    assert count == 2
    rows = await core.store.read(lambda s: {r.key: r.latest_value for r in metrics.all_series(s)})
    assert rows == {"budget-revenue": 9800.5}


async def test_json_alerts_over_http_are_not_duplicated(core: Core, http_dir: tuple[str, Path]):
    """The same alert document polled twice stores each alert once (external_id)."""
    base, folder = http_dir
    (folder / "soc.json").write_text("""{"alerts": [
        {"category": "cyber", "severity": "critical", "title": "Dò quét cổng DVC", "source": "soc",
         "external_id": "soc-881"},
        {"category": "cyber", "severity": "major", "title": "Mã độc máy trạm", "source": "soc",
         "external_id": "soc-882"}]}""", encoding="utf-8")
    config = PollerConfig(name="soc", kind="alerts", url=f"{base}/soc.json")
    assert await poll_once(core, config) == 2
    assert await poll_once(core, config) == 2
    stored = await core.store.read(lambda s: alerts.query(s))
    assert sorted(a.external_id or "" for a in stored) == ["soc-881", "soc-882"]


async def test_bad_document_stores_nothing_and_names_the_record(core: Core, tmp_path: Path):
    """One bad row refuses the whole document; the error names the record and field."""
    path = tmp_path / "bad.json"
    path.write_text('[{"series": "a", "ts": "2026-01-01T00:00:00Z", "value": 1},'
                    ' {"series": "a", "ts": "2026-01-02T00:00:00Z", "value": "nhiều"}]', encoding="utf-8")
    with pytest.raises(FeedError, match=r"record 2: value"):
        await poll_once(core, PollerConfig(name="bad", kind="metrics", path=path))
    assert await core.store.read(metrics.all_series) == []


async def test_polled_alerts_need_external_id(core: Core, tmp_path: Path):
    """Alerts without external_id would repeat at every poll: they are refused with that reason."""
    path = tmp_path / "a.csv"
    path.write_text("category,severity,title\ntraffic,minor,Ùn tắc\n", encoding="utf-8")
    with pytest.raises(FeedError, match="external_id is required"):
        await poll_once(core, PollerConfig(name="a", kind="alerts", path=path, format="csv"))


async def test_http_error_is_raised_for_the_loop_to_log(core: Core, http_dir: tuple[str, Path]):
    """A missing document is an HTTP error (the poll loop logs it and tries again later)."""
    import httpx

    base, _ = http_dir
    with pytest.raises(httpx.HTTPStatusError):
        await poll_once(core, PollerConfig(name="gone", kind="metrics", url=f"{base}/missing.json"))
