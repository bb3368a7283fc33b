"""Numbers, ages and times as the Vietnamese UI shows them (1.234.567,8)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def number(value: float, decimals: int = 0) -> str:
    """Vietnamese grouping: '.' between thousands, ',' before decimals."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if value < 0 and float(f"{abs(value):.{decimals}f}") != 0 else text


def decimals_for(value: float) -> int:
    """Few digits for big numbers, one decimal for percentages and small values."""
    return 0 if abs(value) >= 1000 else 1


def age(seconds: float) -> str:
    """How old, in the words of the UI: '12 giây', '5 phút', '2 giờ', '3 ngày'."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{int(seconds)} giây"
    if seconds < 3600:
        return f"{int(seconds // 60)} phút"
    if seconds < 86400:
        return f"{int(seconds // 3600)} giờ"
    return f"{int(seconds // 86400)} ngày"


def local_time(moment: datetime, with_seconds: bool = True) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M:%S" if with_seconds else "%H:%M")
