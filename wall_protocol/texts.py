"""What the server says to people, as a message key and parameters that each client renders in its language.

The server's own alerts (detection, forecast warnings, system) store their Vietnamese text *and* a
`TextRef` beside it: `key` names a template of `CATALOG`, `params` fill it. A client translates the
template (context "ServerText"; each one is marked with `QT_TRANSLATE_NOOP` so lupdate puts it in the
catalogs), fills it with `fill` and shows that. A key it does not know (a newer server) or a template
it cannot fill falls back to the stored Vietnamese text. Alerts from other systems carry no ref and are
shown as sent.

Rules for templates:
- Keys are stable: when a template's params change, it gets a new key, so a client never fills an
  older template with newer params.
- Params are data: names, times as the province reads them, figures. Numbers are written by the
  reader's conventions (`fill`'s separators): `{x}` with as many decimals as its size needs (none for
  a whole number or from 100 up, one from 10, two below), `{x:.1f}` with one, `{x:+.1f}` with its sign
  always (a real minus sign).
- A param named in `TERMS` is a word of a closed vocabulary (an object class, a period): it is
  translated too. A param named `unit` follows its number: a space before it unless it is '%'.

`render(ref)` is the Vietnamese text the server stores; it refuses a ref whose key is unknown or whose
params do not match the template, naming them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import Field, StrictFloat, StrictInt, StrictStr, StringConstraints

from wall_protocol.common import WireModel


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for the translation catalogs under `context` (wall_protocol cannot import the client's)."""
    return text


CONTEXT = "ServerText"
"""The translation context of every text on this page."""

CATALOG: dict[str, str] = {
    "detection.title": QT_TRANSLATE_NOOP("ServerText", "Phát hiện {label} tại {camera}"),
    "detection.title_in_zone": QT_TRANSLATE_NOOP("ServerText", "Phát hiện {label} tại {camera} · {zone}"),
    "detection.body": QT_TRANSLATE_NOOP(
        "ServerText",
        "Bắt đầu {started}; {objects} {label} trong vùng (nhiều nhất {max_objects}); độ tin cậy cao nhất {score}%"),
    "detection.left_zone": QT_TRANSLATE_NOOP("ServerText", "đã rời vùng lúc {time}"),
    "forecast.below_target": QT_TRANSLATE_NOOP(
        "ServerText", "Dự báo {name} cuối {period} {value}{unit}, thấp hơn mục tiêu {target}{unit} ({gap:+.1f}%)"),
    "forecast.below_target_points": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dự báo {name} cuối {period} {value}{unit}, thấp hơn mục tiêu {target}{unit} ({gap:+.2f} điểm %)"),
    "forecast.above_cap": QT_TRANSLATE_NOOP(
        "ServerText", "Dự báo {name} cuối {period} {value}{unit}, cao hơn mục tiêu {target}{unit} ({gap:+.1f}%)"),
    "forecast.above_cap_points": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dự báo {name} cuối {period} {value}{unit}, cao hơn mục tiêu {target}{unit} ({gap:+.2f} điểm %)"),
    "forecast.back_on_target": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dự báo {name} cuối {period} {value}{unit}, đã trở lại trong ngưỡng mục tiêu {target}{unit} ({gap:+.1f}%)"),
    "forecast.back_on_target_points": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dự báo {name} cuối {period} {value}{unit}, đã trở lại trong ngưỡng mục tiêu {target}{unit} "
        "({gap:+.2f} điểm %)"),
    "forecast.period_ended": QT_TRANSLATE_NOOP(
        "ServerText", "Đã hết kỳ của cảnh báo dự báo {name}; kỳ mới được theo dõi lại"),
    "forecast.body_seasonal": QT_TRANSLATE_NOOP(
        "ServerText",
        "Khoảng dự báo (80%): {low} – {high}{unit}. Phương pháp: theo mùa vụ {periods} {period} trước. "
        "Số liệu đến {as_of}."),
    "forecast.body_trend": QT_TRANSLATE_NOOP(
        "ServerText",
        "Khoảng dự báo (80%): {low} – {high}{unit}. Phương pháp: xu hướng tuyến tính {points} điểm. "
        "Số liệu đến {as_of}."),
    "forecast.based_on_seasonal": QT_TRANSLATE_NOOP("ServerText", "theo mùa vụ {periods} {period} trước"),
    "forecast.based_on_trend": QT_TRANSLATE_NOOP("ServerText", "xu hướng tuyến tính {points} điểm"),
    "forecast.too_little_data": QT_TRANSLATE_NOOP(
        "ServerText",
        "Chưa đủ dữ liệu: {points} điểm, trải {share}% kỳ — cần ít nhất {min_points} điểm và {min_share}% kỳ"),
    "forecast.no_longer_forecast": QT_TRANSLATE_NOOP("ServerText", "Chỉ tiêu không còn được dự báo"),
    "forecast.no_target": QT_TRANSLATE_NOOP("ServerText", "Chỉ tiêu {name} không còn mục tiêu"),
    "system.disk_full": QT_TRANSLATE_NOOP("ServerText", "Máy chủ không ghi được dữ liệu: ổ đĩa đã đầy"),
    "system.disk_low": QT_TRANSLATE_NOOP("ServerText", "Ổ đĩa máy chủ sắp đầy"),
    "system.disk_body": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dung lượng trống: {free:.1f} MB (ngưỡng {threshold} MB). Ảnh phát hiện cũ nhất đang được xoá trước để "
        "dành chỗ. Hãy giải phóng dung lượng đĩa; cảnh báo tự đóng khi đủ chỗ trống. ({reason})"),
    "system.disk_body_unmeasured": QT_TRANSLATE_NOOP(
        "ServerText",
        "Dung lượng trống: không đo được (ngưỡng {threshold} MB). Ảnh phát hiện cũ nhất đang được xoá trước để "
        "dành chỗ. Hãy giải phóng dung lượng đĩa; cảnh báo tự đóng khi đủ chỗ trống. ({reason})"),
    "system.disk_recovered": QT_TRANSLATE_NOOP("ServerText", "đã đủ dung lượng trống"),
}

TERMS: dict[str, dict[str, str]] = {
    "label": {  # the detector's object classes (COCO names) the wall names in Vietnamese
        "person": QT_TRANSLATE_NOOP("ServerText", "người"),
        "car": QT_TRANSLATE_NOOP("ServerText", "ô tô"),
        "motorcycle": QT_TRANSLATE_NOOP("ServerText", "xe máy"),
        "bicycle": QT_TRANSLATE_NOOP("ServerText", "xe đạp"),
        "bus": QT_TRANSLATE_NOOP("ServerText", "xe buýt"),
        "truck": QT_TRANSLATE_NOOP("ServerText", "xe tải"),
        "dog": QT_TRANSLATE_NOOP("ServerText", "chó"),
        "cat": QT_TRANSLATE_NOOP("ServerText", "mèo"),
    },
    "period": {  # wall_protocol.forecast.Period
        "year": QT_TRANSLATE_NOOP("ServerText", "năm"),
        "quarter": QT_TRANSLATE_NOOP("ServerText", "quý"),
        "month": QT_TRANSLATE_NOOP("ServerText", "tháng"),
    },
}
"""Params whose values are words of a closed vocabulary: value → Vietnamese word. Other values pass as they are."""

SERVER_ACTORS: dict[str, str] = {
    "detection": QT_TRANSLATE_NOOP("ServerText", "phát hiện tự động"),
    "forecast": QT_TRANSLATE_NOOP("ServerText", "dự báo KPI"),
    "disk": QT_TRANSLATE_NOOP("ServerText", "giám sát ổ đĩa"),
}
"""The names the server acknowledges and resolves its own alerts under (`Alert.resolved_by`)."""

MAX_PARAMS = 12
ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ParamValue = Annotated[StrictStr, StringConstraints(max_length=1000)] | StrictInt | Annotated[
    StrictFloat, Field(allow_inf_nan=False)]


class TextRef(WireModel):
    """A sentence of the server's as a key of its text catalog and the values that fill it."""

    key: str = Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", max_length=64,
        description="A key of wall_protocol/texts.py's catalog. A newer server may send a key an older client "
        "does not know: the client then shows the stored text.",
        examples=sorted(CATALOG))
    params: dict[ParamName, ParamValue] = Field(
        default_factory=dict, max_length=MAX_PARAMS,
        description="The values of the template's {params}: text, whole numbers and finite numbers.")


def placeholders(template: str) -> dict[str, str]:
    """The template's params and their format specs, in order; ValueError for a template `fill` cannot fill."""
    found: dict[str, str] = {}
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or conversion or "{" in (spec or ""):
            raise ValueError(f"template {template!r}: {{{name}}} must be a plain name with at most a number format")
        if found.get(name, spec) != spec:
            raise ValueError(f"template {template!r}: {{{name}}} appears with two formats")
        _number_format(spec or "")  # refuses a format `fill` does not write
        found[name] = spec or ""
    return found


def ref(key: str, **params: str | int | float) -> TextRef:
    """The ref of a catalog text; ValueError naming an unknown key or the params that do not match."""
    made = TextRef(key=key, params=params)
    check(made)
    return made


def check(text: TextRef) -> None:
    """Refuse a ref the catalog cannot render: an unknown key, params missing or extra, a word for a number."""
    template = CATALOG.get(text.key)
    if template is None:
        raise ValueError(f"unknown text key {text.key!r}; known keys: {', '.join(sorted(CATALOG))}")
    wanted = placeholders(template)
    missing = [name for name in wanted if name not in text.params]
    extra = [name for name in text.params if name not in wanted]
    if missing or extra:
        said = [f"missing {', '.join(missing)}"] if missing else []
        said += [f"unexpected {', '.join(extra)}"] if extra else []
        raise ValueError(f"text {text.key!r}: params {'; '.join(said)} (its template takes {', '.join(wanted)})")
    for name, spec in wanted.items():
        if spec and not isinstance(text.params[name], int | float):
            raise ValueError(f"text {text.key!r}: param {name!r} must be a number, got {text.params[name]!r}")


def render(text: TextRef) -> str:
    """The Vietnamese sentence, as the server stores it beside the ref."""
    check(text)
    return fill(CATALOG[text.key], text.params)


def _identity(word: str) -> str:
    return word


def fill(template: str, params: Mapping[str, str | int | float], *, word: Callable[[str], str] = _identity,
         thousands: str = ".", decimal: str = ",") -> str:
    """`template` with `params` written in; `word` translates TERMS, the separators are the reader's.

    KeyError for a param the template names but `params` lacks; ValueError for a format it cannot write.
    """
    return _Filler(word, thousands, decimal).vformat(template, (), params)


class _Filler(string.Formatter):
    def __init__(self, word: Callable[[str], str], thousands: str, decimal: str) -> None:
        self.word, self.thousands, self.decimal = word, thousands, decimal

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        # No attribute or index access ("{name.__class__}"): a translated template is data too.
        if not re.fullmatch(r"[a-z][a-z0-9_]*", field_name):
            raise KeyError(field_name)
        value = kwargs[field_name]
        if field_name in TERMS and isinstance(value, str):
            value = self.word(TERMS[field_name][value]) if value in TERMS[field_name] else value
        elif field_name == "unit" and isinstance(value, str):
            value = "" if not value else value if value == "%" else f" {value}"
        return value, field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value, format_spec, thousands=self.thousands, decimal=self.decimal)
        if format_spec:
            raise ValueError(f"format {format_spec!r} is for numbers, got {value!r}")
        return str(value)


def _number_format(spec: str) -> tuple[bool, int | None]:
    match = re.fullmatch(r"(\+?)(?:\.(\d)f)?", spec)
    if match is None:
        raise ValueError(f"number format {spec!r}: write '', '.Nf' or '+.Nf'")
    return match.group(1) == "+", int(match.group(2)) if match.group(2) else None


def format_number(x: float, spec: str = "", *, thousands: str = ".", decimal: str = ",") -> str:
    """`x` with grouped thousands: Vietnamese by default (10.450; 6,7), English with ',' and '.'."""
    signed, decimals = _number_format(spec)
    if decimals is None:
        decimals = 0 if isinstance(x, int) or abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    digits = f"{abs(x):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    sign = "−" if x < 0 and digits.strip("0" + thousands + decimal) else "+" if signed else ""
    return sign + digits
