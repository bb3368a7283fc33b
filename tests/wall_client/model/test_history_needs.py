"""How far back each series is fetched: its tiles' longest chart window or KPI reference, at least a day."""

from __future__ import annotations

from datetime import timedelta

from wall_client.model.history_needs import DEFAULT_SPAN, history_spans
from wall_protocol.entities import Layout


def layout(layout_id: str, *tiles: tuple[str, dict[str, object]]) -> Layout:
    return Layout.model_validate({
        "id": layout_id, "name": layout_id, "cols": len(tiles), "rows": 1,
        "tiles": [{"id": f"t{i}", "kind": kind, "col": i, "row": 0, "props": props}
                  for i, (kind, props) in enumerate(tiles)],
    })


def test_longest_window_of_any_layout_wins():
    """A series in a 7-day chart here and a 12-month chart in another layout is fetched 12 months back."""
    spans = history_spans([
        layout("a", ("chart", {"series": ["rev", "temp"], "window": "7d"}), ("chart", {"series": ["hour"], "window": "1h"})),
        layout("b", ("chart", {"series": ["rev"], "window": "12mo"}), ("chart", {"series": ["p"], "window": "period"})),
    ])
    assert spans["rev"] == timedelta(days=365) and spans["temp"] == timedelta(days=7)
    assert spans["hour"] == DEFAULT_SPAN and spans["p"] == timedelta(days=365)


def test_kpi_reference_reaches_two_periods_back():
    """A KPI compared with last year needs samples up to two years back; by sample, a day."""
    spans = history_spans([layout("k", ("kpi", {"series": "grdp", "compare": "year"}),
                                  ("kpi", {"series": "rate"}), ("kpi", {}), ("clock", {}))])
    assert spans == {"grdp": timedelta(days=732), "rate": DEFAULT_SPAN}
