"""Numbers, ages and times as the Vietnamese UI shows them (1.234.567,8; times in Vietnam's zone)."""

from __future__ import annotations

from datetime import datetime

from wall_client.model.i18n import translate
from wall_protocol.timezone import to_vietnam


def separators() -> tuple[str, str]:
    """The thousands and decimal separators of the chosen language: '.' and ',' in Vietnamese (10.450; 6,7)."""
    return (translate("Formatting", ".", "thousands separator"), translate("Formatting", ",", "decimal separator"))


def number(value: float, decimals: int = 0) -> str:
    """Grouped as the chosen language writes numbers: 10.450,5 in Vietnamese, 10,450.5 in English."""
    thousands, decimal = separators()
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"-{text}" if value < 0 and float(f"{abs(value):.{decimals}f}") != 0 else text


def decimals_for(value: float) -> int:
    """Few digits for big numbers, one decimal for percentages and small values."""
    return 0 if abs(value) >= 1000 else 1


def age(seconds: float) -> str:
    """How old, in the words of the UI: '12 giây', '5 phút', '2 giờ', '3 ngày'."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return translate("Formatting", "{n} giây").format(n=int(seconds))
    if seconds < 3600:
        return translate("Formatting", "{n} phút").format(n=int(seconds // 60))
    if seconds < 86400:
        return translate("Formatting", "{n} giờ").format(n=int(seconds // 3600))
    return translate("Formatting", "{n} ngày").format(n=int(seconds // 86400))


def local_time(moment: datetime, with_seconds: bool = True) -> str:
    """The time of day in Vietnam: '14:05:09', or '14:05' without seconds."""
    return to_vietnam(moment).strftime("%H:%M:%S" if with_seconds else "%H:%M")


def local_date_time(moment: datetime | None) -> str:
    """A server's UTC timestamp as a date and time in Vietnam: '06/12/2026 14:05:09'; nothing for none."""
    if moment is None:
        return ""
    return f"{to_vietnam(moment):%d/%m/%Y} {local_time(moment)}"
