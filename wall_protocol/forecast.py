"""KPI forecasts: how a series is projected to the end of its target period, and the projection itself.

A series with a `ForecastSpec` (on `SeriesInfo.forecast`) is recomputed by the server as data
arrives; clients receive `Forecast` objects (in the snapshot and as `forecast` deltas) and draw
the projection as a dashed line from the latest value to the period end, with its interval, next
to the target. When no projection can be made, `reason` says why in words a leader can read.
The method is documented in `server/forecasting/projection.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator

from wall_protocol.common import ShortText, Slug, UtcDatetime, WireModel
from wall_protocol.texts import TERMS, TextRef

Period = Literal["year", "quarter", "month"]
PERIOD_WORDS: dict[Period, str] = {period: TERMS["period"][period] for period in get_args(Period)}
"""How a period is said on the wall and in alerts: "cuối năm", "3 quý trước" (translate with context "ServerText")."""
LONGEST_DAYS: dict[Period, int] = {"year": 366, "quarter": 92, "month": 31}
"""The most days a period can last (a leap year, a summer quarter): how far back a period reaches."""
Finite = Annotated[float, Field(allow_inf_nan=False)]


class ForecastSpec(WireModel):
    """How a series is forecast against `SeriesInfo.target`, the target for each period."""

    period: Period = Field(description="The calendar period (Vietnam time) the target is set for.")
    cumulative: bool = Field(
        default=False,
        description="True when the value accumulates within the period and restarts at its start "
        "(budget revenue year-to-date); false for a level or rate (GRDP growth %, on-time rate %).")
    higher_is_better: bool = Field(default=True, description="False for a cap (e.g. traffic accidents).")
    warn_margin: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="Warn when the projection misses the target by more than this share of it (0.05 = 5%).")


class ProjectedValue(WireModel):
    """The projected value at the period end, with an ~80% interval."""

    value: Finite
    low: Finite
    high: Finite
    method: Literal["seasonal", "trend"]
    as_of: UtcDatetime = Field(description="The latest sample used: where the dashed line starts.")
    as_of_value: Finite = Field(description="That sample's value.")
    based_on: ShortText = Field(description="What the projection rests on, e.g. 'theo mùa vụ 5 năm trước'.")
    based_on_text: TextRef | None = Field(default=None, description="`based_on` as a key of the server's text "
                                          "catalog, for the client's language.")

    @model_validator(mode="after")
    def _interval_holds_value(self) -> ProjectedValue:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"interval [{self.low}, {self.high}] does not contain the value {self.value}")
        return self


class Forecast(WireModel):
    """The server's latest forecast of one series for its current period."""

    series: Slug
    period: Period
    period_start: UtcDatetime
    period_end: UtcDatetime = Field(description="Exclusive end of the period: where the dashed line ends.")
    target: Finite | None = None
    projection: ProjectedValue | None = Field(default=None, description="Null when there is too little data.")
    reason: str = Field(default="", max_length=300, description="Why there is no projection (Vietnamese).")
    reason_text: TextRef | None = Field(default=None, description="`reason` as a key of the server's text catalog, "
                                        "for the client's language.")
    warning: bool = Field(default=False, description="A warning alert stands: the target will be missed.")
    computed_at: UtcDatetime

    @model_validator(mode="after")
    def _projection_or_reason(self) -> Forecast:
        if self.period_end <= self.period_start:
            raise ValueError("period_end must be after period_start")
        if (self.projection is None) == (not self.reason):
            raise ValueError("a forecast has either a projection or a reason why there is none, not both")
        return self
