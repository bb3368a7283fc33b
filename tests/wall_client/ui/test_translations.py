"""Translations: the catalogs are complete, every console window and dialog fits its texts in both languages,
and `iocwall wall --lang` picks the catalog.

The windows are built by BUILDERS, one function per window or dialog; add a builder (tile kinds too) and
it is checked in Vietnamese and English. PNGs of each go to SHOTS, to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tests.support.shots import shots_dir
from tests.support.translations import (
    build_catalogs,
    clipped_texts,
    marks_in_code,
    overflowing,
    painted_texts,
    read_ts,
    refreshed,
)
from wall_client import cli, launch
from wall_client.model.briefing_editor import Place
from wall_client.model.console_alerts import ResolvedLog
from wall_client.model.i18n import translate
from wall_client.ui import language
from wall_client.ui.app import WallApp
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.admin_dialog import AdminDialog
from wall_client.ui.console.briefing_editor import BriefingEditor
from wall_client.ui.console.editor.editor_window import LayoutEditor
from wall_client.ui.console.event_browser import EventBrowser
from wall_client.ui.console.login_dialog import LoginDialog
from wall_client.ui.console.presets_panel import PresetsPanel
from wall_client.ui.console.window import ConsoleWindow
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.wall_window import WallWindow
from wall_protocol.automation import Briefing, Preset, PresetMonitor
from wall_protocol.common import AlertCategory, AlertState, Role, Severity
from wall_protocol.detection import DetectionEvent
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    CameraSource,
    Layout,
    MonitorState,
    StreamState,
    StreamStatus,
    TileKind,
    TileState,
    WallState,
)
from wall_protocol.messages import Snapshot
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("translation")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


# ---------------------------------------------------------------------------------------------- the catalogs


def test_every_text_of_the_code_has_an_english_translation(tmp_path: Path):
    """lupdate over the code into a copy of iocwall_en.ts leaves nothing unfinished: a new or changed text fails."""
    unfinished = [f"{m.context}: {m.source!r}" for m in refreshed("iocwall_en.ts", tmp_path) if not m.finished]
    assert not unfinished, "translate these in resources/translations/iocwall_en.ts (make ts):\n" + "\n".join(
        unfinished)


def test_the_committed_english_catalog_is_the_refreshed_one(tmp_path: Path):
    """The catalog in git holds what the code says now (`make ts` was run): no text missing, none left over."""
    key = lambda m: (m.context, m.source)  # noqa: E731
    assert sorted(map(key, read_ts(Path("resources/translations/iocwall_en.ts")))) == sorted(
        map(key, refreshed("iocwall_en.ts", tmp_path)))


def test_the_vietnamese_catalog_has_nothing_unfinished(tmp_path: Path):
    """Vietnamese is the source language: its catalog (plural forms only) has no unfinished entry."""
    assert all(m.finished for m in refreshed("iocwall_vi.ts", tmp_path, "-pluralonly"))
    assert all(m.finished for m in read_ts(Path("resources/translations/qtbase_vi.ts")))


def test_every_mark_in_the_code_is_one_lupdate_reads_and_the_catalog_has():
    """Each translate/QT_TRANSLATE_NOOP has a literal context and text lupdate can read, and the catalog has it."""
    marks = marks_in_code()
    assert len(marks) > 200
    problems = [f"{m.where}: {m.problem}" for m in marks if m.problem]
    assert not problems, "\n".join(problems)
    catalog = {(m.context, m.source) for m in read_ts(Path("resources/translations/iocwall_en.ts"))}
    missing = [f"{m.where}: {m.context} {m.text!r}" for m in marks if m.text is not None
               and (m.context, m.text) not in catalog]
    assert not missing, "run `make ts` and translate:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_of_their_source():
    """"{name}" fields filled by .format() are the same in both languages (a lost one would raise or say less)."""
    wrong = [f"{m.context}: {m.source!r} → {m.translation!r}" for m in read_ts(
        Path("resources/translations/iocwall_en.ts")) if _fields(m.source) != _fields(m.translation)]
    assert not wrong, "\n".join(wrong)


def _fields(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# ---------------------------------------------------------------------------------------------- the windows


@pytest.fixture(scope="session")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts files built as `make translations` builds them (so no earlier build is needed)."""
    return build_catalogs(tmp_path_factory.mktemp("catalogs"))


@pytest.fixture(params=["vi", "en"])
def lang(request: pytest.FixtureRequest, qapp: QApplication, catalogs: Path) -> Iterator[str]:
    """The language installed as `iocwall console --lang` installs it; the source texts again afterwards."""
    assert language.install_language(qapp, request.param, catalogs) == request.param
    yield request.param
    language.uninstall_language(qapp)


async def _no_server(_message: dict[str, Any]) -> Any:
    raise AssertionError("nothing is sent")


def console_store() -> ConsoleActions:
    """The console's actions on a store as after a snapshot: two walls, cameras, alerts, presets and a briefing."""
    from wall_client.model.wall_model import WallModel

    now = datetime.now(UTC)
    cams = Layout(id="cams", name="Camera 2×2", cols=2, rows=2, tiles=tuple(
        make_tile(id=f"video-{i + 1}", kind=TileKind.VIDEO, col=i % 2, row=i // 2) for i in range(4)))
    kpis = Layout(id="kpis", name="Chỉ số", cols=2, rows=1, tiles=(
        make_tile(id="kpi-1", kind=TileKind.KPI, col=0, row=0, title="Tăng trưởng GRDP"),
        make_tile(id="alerts", kind=TileKind.ALERTS, col=1, row=0)))
    main = WallState(name="main", title="Tường chính", monitors=(
        MonitorState(index=0, layout="cams", tiles=(TileState(tile="video-1", source=CameraSource(camera="huu-nghi"),
                                                              pinned=True),)),
        MonitorState(index=1, layout="kpis")))
    room = WallState(name="hoi-truong", title="Hội trường", frozen=True, monitors=(MonitorState(index=0,
                                                                                                layout="kpis"),))
    cameras = (CameraInfo(id="huu-nghi", name="Cửa khẩu Hữu Nghị", area="Cao Lộc"),
               CameraInfo(id="phai-ve", name="Nút giao Phai Vệ", area="Thành phố Lạng Sơn"),
               CameraInfo(id="kho", name="Kho bãi"))
    alerts = (Alert(id=1, category=AlertCategory.TRAFFIC, severity=Severity.CRITICAL, title="Ùn tắc cửa khẩu",
                    area="Cao Lộc", state=AlertState.NEW, created_at=now),
              Alert(id=2, category=AlertCategory.HEALTH, severity=Severity.MINOR, title="Phản ánh", area="Văn Lãng",
                    state=AlertState.ACKNOWLEDGED, created_at=now - timedelta(minutes=5), acknowledged_by="an",
                    acknowledged_at=now, comment="an: đã cử CSGT"))
    presets = (Preset(name="giao-thong", title="Giao thông", wall="main", shortcut=1,
                      monitors=(PresetMonitor(index=0, layout="cams"),)),
               Preset(name="kinh-te", title="Kinh tế", wall="main", monitors=(PresetMonitor(index=1, layout="kpis"),)))
    briefing = Briefing(name="sang", title="Giao ban sáng", steps=("giao-thong", "kinh-te"), advance_s=30)
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(main, room), cameras=cameras, layouts=(cams, kpis), alerts=alerts,
                                  series=(), latest=(), presets=presets, briefings=(briefing,), camera_status=(
                                      StreamStatus(camera="huu-nghi", stream="sub", state=StreamState.LIVE),)))
    store.set_connected(True, "", now)
    return ConsoleActions(store, _no_server, rest=_no_server)  # type: ignore[arg-type]


def _console(role: Role) -> QWidget:
    actions = console_store()
    actions.set_role(role)
    resolved = ResolvedLog()
    resolved.add(actions.store.alerts[2].model_copy(update={"state": AlertState.RESOLVED, "resolved_by": "binh",
                                                            "resolved_at": datetime.now(UTC)}))
    window = ConsoleWindow(TileContext(actions.store, "http://127.0.0.1:9"), actions, resolved)
    window.resize(1600, 960)
    actions.select_tile("main", 0, "video-1")
    return window


def _editor(role: Role) -> QWidget:
    actions = console_store()
    actions.set_role(role)
    editor = LayoutEditor(actions)
    editor.resize(1400, 860)
    editor.open_layout("kpis")
    editor.select("kpi-1")
    return editor


def _message_box() -> QWidget:
    box = QMessageBox(QMessageBox.Icon.Question, "IOC Wall", "Xoá camera «Cửa khẩu Hữu Nghị»?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    return box


def _admin(role: Role) -> QWidget:
    actions = console_store()
    actions.set_role(role)
    return AdminDialog(actions)


def _admin_tab(role: Role, tab: int) -> AdminDialog:
    """The admin dialog on one of its people tabs, its lists filled as the server would answer them."""
    actions = console_store()
    actions.set_role(role)
    dialog = AdminDialog(actions, server_http="https://ioc.langson.gov.vn")
    dialog.tabs.blockSignals(True)  # no server: nothing is read when the tab changes
    dialog.tabs.setCurrentIndex(tab)
    dialog.tabs.blockSignals(False)
    now = datetime.now(UTC)
    people = [{"name": "an.nv", "display_name": "Nguyễn Văn An", "role": "operator", "created_at": now.isoformat()},
              {"name": "binh.tt", "display_name": "Trần Thị Bình", "role": "viewer", "created_at": now.isoformat(),
               "locked_until": (now + timedelta(minutes=15)).isoformat()},
              {"name": "chi.lt", "display_name": "Lê Thị Chi", "role": "admin", "created_at": now.isoformat(),
               "disabled": True}]
    dialog.users_tab.show_users(people)
    dialog.users_tab.select_user("binh.tt")
    dialog.sessions_tab.show_sessions([
        {"id": 7, "user": "an.nv", "role": "operator", "address": "10.20.30.40", "created_at": now.isoformat(),
         "expires_at": (now + timedelta(hours=12)).isoformat()},
        {"id": 8, "user": "share:3", "role": "viewer", "address": "113.160.1.2", "created_at": now.isoformat(),
         "expires_at": (now + timedelta(days=2)).isoformat(), "wall": "main", "share_link": 3}])
    dialog.shares_tab.show_links([
        {"id": 3, "wall": "main", "label": "Chủ tịch UBND tỉnh", "created_by": "an.nv", "created_at": now.isoformat(),
         "expires_at": (now + timedelta(days=2)).isoformat()},
        {"id": 2, "wall": "hoi-truong", "label": "Đoàn công tác Bộ", "created_by": "chi.lt",
         "created_at": now.isoformat(), "expires_at": now.isoformat(), "revoked_at": now.isoformat()}])
    dialog.shares_tab.link_edit.setText("https://ioc.langson.gov.vn/share/bbJRJ5Yeo1XwFA3zEwXDUE0jqt3ytgaeOXq1-z2h7wQ")
    dialog.shares_tab.link_box.show()
    return dialog


def _login_dialog() -> QWidget:
    async def refuse(_user: str, _password: str) -> str:
        raise AssertionError("nothing is sent")

    dialog = LoginDialog("https://ioc.langson.gov.vn", "an.nv", refuse)
    dialog.show_error(translate("LoginDialog", "Không đăng nhập được: {reason}").format(
        reason="account 'an.nv' is locked after 5 wrong passwords; try again in 15 min or ask an admin"))
    return dialog


def _briefing_editor(role: Role) -> QWidget:
    """The briefing editor on the store's briefing; the operator's shows a refusal pointing at a step."""
    actions = console_store()
    actions.set_role(role)
    editor = BriefingEditor(actions)
    editor.open("sang")
    if role is not Role.VIEWER:
        editor.refused(translate("BriefingEditor", "Máy chủ từ chối {what}: {reason}").format(
            what=translate("BriefingEditor", "lưu kịch bản «{title}»").format(title="Giao ban sáng"),
            reason="briefing 'sang': step 2 names preset 'kinh-te', which does not exist"), Place("steps", 1))
    return editor


def _event_browser() -> QWidget:
    """The event browser showing a page as the server would answer it (events without pictures: nothing fetched)."""
    actions = console_store()
    actions.set_role(Role.OPERATOR)
    browser = EventBrowser(actions, lambda _camera: None)
    now = datetime.now(UTC)
    browser.show_events([DetectionEvent(
        id=40 - i, camera="huu-nghi", zone="loi-vao" if i % 2 else "all", zone_title="Lối vào cổng A", label="person",
        started_at=now - timedelta(minutes=i), last_seen_at=now, ended_at=None if i == 0 else now, max_score=0.87,
        max_objects=1 + i % 3) for i in range(6)])
    return browser


BUILDERS: dict[str, Callable[[], QWidget]] = {
    "briefing-editor-operator": lambda: _briefing_editor(Role.OPERATOR),
    "briefing-editor-viewer": lambda: _briefing_editor(Role.VIEWER),
    "event-browser": _event_browser,
    "admin-dialog-users": lambda: _admin_tab(Role.ADMIN, 2),
    "admin-dialog-sessions": lambda: _admin_tab(Role.ADMIN, 3),
    "admin-dialog-shares-operator": lambda: _admin_tab(Role.OPERATOR, 4),
    "login-dialog": _login_dialog,
    "console-operator": lambda: _console(Role.OPERATOR),
    "console-viewer": lambda: _console(Role.VIEWER),
    "layout-editor-admin": lambda: _editor(Role.ADMIN),
    "layout-editor-operator": lambda: _editor(Role.OPERATOR),
    "save-preset-dialog": lambda: PresetsPanel(console_store()).save_dialog("main"),
    "save-layout-as-dialog": lambda: LayoutEditor(console_store()).save_as_dialog(),
    "message-box": _message_box,
    "admin-dialog-admin": lambda: _admin(Role.ADMIN),
    "admin-dialog-operator": lambda: _admin(Role.OPERATOR),
}
"""Every console window and dialog, built on a known store (tiles: test_every_tile_kind_paints_… below)."""


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_text_is_clipped(name: str, lang: str, qtbot: Any):
    """Each label, button, title, placeholder and header of the window has the room its words need."""
    widget = BUILDERS[name]()
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}-{lang}.png"))
    assert clipped_texts(widget) == []


def test_the_clip_check_sees_cut_texts(qtbot: Any):
    """The check itself: a button, a label, a group box title and a placeholder too narrow for their text."""
    from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout

    box = QGroupBox("Một tiêu đề dài hơn hộp của nó rất nhiều")
    column = QVBoxLayout(box)
    edit = QLineEdit()
    edit.setPlaceholderText("Một gợi ý dài hơn ô nhập của nó rất nhiều")
    for widget in (QPushButton("Một nút có chữ rất dài"), QLabel("Một nhãn có chữ rất dài"), edit):
        widget.setFixedWidth(60)
        column.addWidget(widget)
    qtbot.addWidget(box)
    box.setFixedWidth(120)
    box.show()
    QApplication.processEvents()
    assert [problem.split(" ")[0] for problem in clipped_texts(box)] == ["QGroupBox", "QPushButton", "QLabel",
                                                                        "QLineEdit"]


def test_the_help_overlay_fits_every_shortcut(lang: str, qtbot: Any):
    """F1's list of shortcuts: no line is cut with "…" at the console's size."""
    window = _console(Role.OPERATOR)
    qtbot.addWidget(window)
    window.show()
    window.help.toggle()
    QApplication.processEvents()
    window.grab().save(str(SHOTS / f"console-help-{lang}.png"))
    assert window.help.clipped() == []


@pytest.mark.parametrize(("lang", "buttons"), [("vi", ["&Có", "&Không", "Huỷ"]), ("en", ["&Yes", "&No", "Cancel"])],
                         indirect=["lang"])
def test_standard_buttons_follow_the_language(lang: str, buttons: list[str], qtbot: Any):
    """Qt's own buttons speak the chosen language: the project's qtbase_vi in Vietnamese, Qt's English in English."""
    box = _message_box()
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == sorted(buttons)


# ---------------------------------------------------------------------------------------------- the command line


@pytest.mark.parametrize(("flag", "locale", "banner"), [
    ("en", "vi_VN.UTF-8", "Connecting to the server…"),
    ("vi", "en_US.UTF-8", "Đang kết nối tới máy chủ…"),
    (None, "en_GB.UTF-8", "Connecting to the server…"),
])
def test_iocwall_wall_shows_the_language_of_lang_else_of_the_locale(flag: str | None, locale: str, banner: str,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     qapp: QApplication, catalogs: Path):
    """`iocwall wall --lang` wins over LANG; without it the locale chooses. The wall's banner reads the catalog."""
    seen: list[Any] = []

    async def run(app: WallApp) -> None:  # instead of connecting: what a monitor's window says meanwhile
        window = WallWindow(app.context, app.options.wall, 0)
        seen.append(window.banner_text())
        window.release()
        window.deleteLater()

    monkeypatch.setenv("LC_ALL", locale)
    monkeypatch.setattr(language, "CATALOG_DIR", catalogs)
    monkeypatch.setattr(WallApp, "run", run)
    monkeypatch.setattr(launch, "_exit_now", seen.append)  # the exit code, instead of leaving the process
    try:
        cli.main(["wall", "--server", "ws://127.0.0.1:9/ws", "--token", "t"] + (["--lang", flag] if flag else []))
    finally:
        language.uninstall_language(qapp)
    assert seen == [banner, 0]


# ---------------------------------------------------------------------------------------------- every tile kind


def _wall_store():
    """A wall's store after a snapshot: KPI series with samples, a ranking table, alerts, cameras."""
    from wall_protocol.entities import MetricPoint, SeriesInfo
    from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot

    store = console_store().store
    now = datetime.now(UTC)
    series = (SeriesInfo(key="grdp-growth", name="Tăng trưởng GRDP", unit="%", target=8.0),
              SeriesInfo(key="tourist-arrivals", name="Khách du lịch", unit="lượt"))
    latest = tuple(MetricPoint(series=info.key, ts=now - timedelta(hours=3, minutes=i * 10), value=7.1 + i)
                   for info in series for i in range(6))
    table = TableInfo(key="nhiem-vu-ubnd", name="Nhiệm vụ UBND tỉnh giao", row_label="Sở, ngành", columns=(
        TableColumn(key="qua-han", name="Quá hạn", unit="nhiệm vụ", higher_is_better=False),))
    rows = tuple(TableRow(row=name, values={"qua-han": n}) for n, name in enumerate(
        ("Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Công Thương", "Sở Nội vụ", "Sở Tư pháp", "Sở Giáo dục và Đào tạo",
         "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ")))
    store.apply_snapshot(Snapshot(seq=2, walls=(), cameras=tuple(store.cameras.values()), layouts=(),
                                  alerts=tuple(store.alerts.values()), series=series, latest=latest, tables=(table,),
                                  table_data=(TableSnapshot(table=table.key, ts=now - timedelta(hours=2), rows=rows),)))
    return store


TILE_SETTINGS: dict[TileKind, dict[str, Any]] = {
    TileKind.VIDEO: {"camera": "huu-nghi"},
    TileKind.CHART: {"series": ["grdp-growth", "tourist-arrivals"], "window": "24h"},
    TileKind.KPI: {"series": "grdp-growth", "stale_after_s": 3600},
    TileKind.ALERTS: {},
    TileKind.CLOCK: {},
    TileKind.TEXT: {"text": "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Lạng Sơn"},
    TileKind.CAMERA_GRID: {},
    TileKind.RANKING: {"table": "nhiem-vu-ubnd", "column": "qua-han", "top": 5},
    TileKind.IMAGE: {},
    TileKind.MAP: {},
}
"""Each tile kind with settings a layout of the demo province gives it; a kind added later fails the test below."""


@pytest.mark.parametrize("size", [(480, 270), (640, 360), (480, 360), (960, 540),
                                  (341, 192), (455, 256), (341, 256), (683, 384)])
def test_every_tile_kind_paints_its_words_within_the_tile(lang: str, size: tuple[int, int], qtbot: Any):
    """Each kind drawn at the tile sizes of the shipped layouts on a 1920×1080 and a 1366×768 monitor: no painted
    text runs past its box or its tile (kinds no shipped layout has are here; test_text_fit has the layouts)."""
    from wall_client.model.wall_model import TileView
    from wall_client.ui.tiles.registry import create_tile

    assert set(TILE_SETTINGS) == set(TileKind), "a new tile kind needs its settings here"
    store = _wall_store()
    problems: list[str] = []
    for kind, settings in TILE_SETTINGS.items():
        view = TileView(make_tile(id=f"o-{kind.value}", kind=kind, col=0, row=0, props=settings), None)
        tile = create_tile(view, TileContext(store, "http://127.0.0.1:9"))
        qtbot.addWidget(tile)
        tile.resize(*size)
        with painted_texts() as texts:
            image = tile.grab()
        SHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SHOTS / f"tile-{kind.value}-{size[0]}-{lang}.png"))
        assert texts, f"{kind.value}: no text painted"
        problems += [f"{kind.value}: {p}" for p in overflowing(texts, tile.rect())]
        release = getattr(tile, "release", None)
        if release is not None:
            release()
    assert problems == []
