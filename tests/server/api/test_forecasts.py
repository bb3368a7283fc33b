"""KPI forecasts end to end on the live server: REST spec and samples in, one warning alert and forecast deltas out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.ws_client import WallClient
from wall_protocol.common import utc_now
from wall_protocol.messages import AlertDelta, Delta, ForecastDelta

KEY = "ty-le-dung-han"
SPEC = {"name": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "area": "Tỉnh Lạng Sơn", "target": 95.0,
        "forecast": {"period": "year", "warn_margin": 0.05}}


@pytest.fixture(scope="module")
def forecast_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """A live server that recomputes forecasts every 0.2 s."""
    workdir: Path = tmp_path_factory.mktemp("forecast-server")
    db_url = f"sqlite:///{workdir / 'iocwall.db'}"
    made = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=workdir,
                           config_text='log_level = "warning"\n[forecast]\ninterval_s = 0.2\n').start()
    yield server, made
    server.stop()


def _headers(made: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {made[role]}"}


def _samples(now: datetime, value: float, *, newest: bool) -> list[dict[str, Any]]:
    """Ten samples 10 days apart up to 10 days before `now` (flat: the projection is `value` whatever
    the date), and with `newest` one more a minute before. Re-sending the same times replaces the values."""
    times = [now - timedelta(days=100 - 10 * i) for i in range(10)] + ([now - timedelta(minutes=1)] if newest else [])
    return [{"series": KEY, "ts": t.isoformat(), "value": value} for t in times]


async def test_a_missed_target_raises_one_warning_and_recovery_resolves_it(forecast_server):
    """80% against 95%: one kpi alert and warning=true; the data corrected to 96%: resolved, warning=false."""
    server, made = forecast_server
    client = WallClient(server.ws, made["viewer"])
    await client.connect()
    now = utc_now()
    async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
        put = await http.put(f"/api/v1/metrics/series/{KEY}", json=SPEC, headers=_headers(made, "admin"))
        assert put.status_code == 200, put.text
        assert put.json()["forecast"]["period"] == "year"
        first = await client.wait_for_delta(lambda d: isinstance(d, ForecastDelta) and d.series == KEY)
        assert isinstance(first, ForecastDelta) and first.forecast is not None and first.forecast.reason

        posted = await http.post("/api/v1/metrics", json={"samples": _samples(now, 80.0, newest=False)},
                                 headers=_headers(made, "producer"))
        assert posted.status_code == 201, posted.text
        warned = await client.wait_for_delta(
            lambda d: isinstance(d, ForecastDelta) and d.forecast is not None and d.forecast.warning)
        assert isinstance(warned, ForecastDelta) and warned.forecast is not None
        assert warned.forecast.projection is not None and abs(warned.forecast.projection.value - 80.0) < 1e-6
        await asyncio.sleep(1.0)  # five more passes: nothing more may be raised
        await _drain(client)
        raised = [d.alert for d in client.deltas if isinstance(d, AlertDelta) and d.alert.category == "kpi"]
        assert len({a.id for a in raised}) == 1 and raised[0].source == "forecast"
        assert "thấp hơn mục tiêu" in raised[0].title and raised[0].area == "Tỉnh Lạng Sơn"
        assert raised[0].title_text is not None and raised[0].title_text.key == "forecast.below_target_points"
        assert raised[0].body_text is not None and raised[0].body_text.key == "forecast.body_trend"
        listed = await http.get(f"/api/v1/alerts/{raised[0].id}", headers=_headers(made, "viewer"))
        assert listed.json()["title_text"] == raised[0].title_text.model_dump(mode="json"), "REST carries the same"
        assert warned.forecast.projection.based_on_text is not None

        posted = await http.post("/api/v1/metrics", json={"samples": _samples(now, 96.0, newest=True)},
                                 headers=_headers(made, "producer"))
        assert posted.status_code == 201, posted.text
        mark = len(client.deltas)
        resolved = await client.wait_for_delta(
            lambda d: isinstance(d, AlertDelta) and d.alert.id == raised[0].id and d.alert.state == "resolved")
        cleared = await _seen(
            client, mark, lambda d: isinstance(d, ForecastDelta) and d.forecast is not None and not d.forecast.warning)
        assert isinstance(resolved, AlertDelta) and resolved.alert.resolved_by == "dự báo KPI"
        assert isinstance(cleared, ForecastDelta) and cleared.forecast is not None

        thinned = await http.get(f"/api/v1/metrics/series/{KEY}/samples", headers=_headers(made, "viewer"),
                                 params={"since": (utc_now() - timedelta(days=366)).isoformat(), "max_points": 4})
        assert thinned.status_code == 200, thinned.text
        values = thinned.json()
        # Thinned for a chart (newest, lowest, highest of each run): at most 4, the newest last.
        assert 2 <= len(values) <= 4 and values[-1]["ts"] == _samples(now, 96.0, newest=True)[-1]["ts"].replace("+00:00", "Z")
    await client.close()


async def _seen(client: WallClient, mark: int, predicate: Callable[[Delta], bool]) -> Delta:
    """The first delta since index `mark` that matches, read or still to come (one frame may bring several)."""
    for delta in client.deltas[mark:]:
        if predicate(delta):
            return delta
    return await client.wait_for_delta(predicate)


async def _drain(client: WallClient) -> None:
    """Read whatever has arrived by now."""
    try:
        while True:
            await client.next(timeout=0.3)
    except TimeoutError:
        pass


def test_a_bad_forecast_spec_is_refused_naming_the_field_and_changes_nothing(forecast_server):
    """An unknown period or a margin of 2: 422 naming the field; the series stays as it was."""
    server, made = forecast_server
    admin = _headers(made, "admin")
    with httpx.Client(base_url=server.http, timeout=10) as http:
        url = "/api/v1/metrics/series/thu-ngan-sach"
        assert http.put(url, json={"name": "Thu ngân sách", "target": 12000}, headers=admin).status_code == 200
        cases = [({"period": "decade"}, "forecast.period"), ({"period": "year", "warn_margin": 2}, "forecast.warn_margin"),
                 ({"period": "year", "horizon": 3}, "forecast.horizon")]
        for spec, field in cases:
            response = http.put(url, json={"name": "Đổi tên", "target": 1, "forecast": spec}, headers=admin)
            assert response.status_code == 422, response.text
            assert field in response.json()["error"]["field"], response.json()
        listed = {item["series"]["key"]: item["series"] for item in http.get("/api/v1/metrics/series",
                                                                              headers=admin).json()}
        assert listed["thu-ngan-sach"]["name"] == "Thu ngân sách" and listed["thu-ngan-sach"]["forecast"] is None
