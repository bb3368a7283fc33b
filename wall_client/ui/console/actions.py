"""Every change the console asks of the server goes through here: one place that sends, and one
place that says, in the status bar, what happened or why the server refused.

Nothing is changed locally: the widgets redraw when the server's delta comes back, so a refused
or lost command can never leave the console showing a change that did not happen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from wall_client.model import console_commands as commands
from wall_client.model.i18n import translate
from wall_client.model.wall_model import WallModel
from wall_protocol import ProtocolError
from wall_protocol.automation import Preset
from wall_protocol.common import Role
from wall_protocol.entities import TileState
from wall_protocol.errors import ErrorCode
from wall_protocol.messages import Result

log = logging.getLogger(__name__)

Request = Callable[[dict[str, Any]], Awaitable[Result]]
Rest = Callable[[str, str, dict[str, Any] | None], Awaitable[Any]]
"""(method, path, JSON body) → the answer's JSON; raises ProtocolError with the server's refusal."""
Fetch = Callable[[str], Awaitable[bytes]]
"""path → the answer's bytes (an event's snapshot); raises like Rest."""


FETCHES_AT_ONCE = 4
"""Pictures asked for at once (a page of event thumbnails): the rest wait their turn."""


def view_only() -> str:
    """Why a viewer's console refuses to change a wall (the menus, the drops, the briefing bar)."""
    return translate("ConsoleActions", "Chỉ xem: vai trò của token này không được điều khiển tường")


class ConsoleActions(QObject):
    """The console's commands, the role that allows them, and the tile the operator selected."""

    message = Signal(str, bool)  # text for the status bar, and whether it is an error
    role_changed = Signal()
    selection_changed = Signal()
    screenshot_requested = Signal(str)  # a camera: the window's snapshots save what it shows now (no server command)

    def __init__(self, store: WallModel, request: Request, parent: QObject | None = None,
                 rest: Rest | None = None, fetch: Fetch | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._request = request
        self._rest = rest
        self._fetch = fetch
        self.role: Role | None = None
        self.name: str | None = None  # who the server says we are: the user logged in, or the token's name
        self.selected_tile: tuple[str, int, str] | None = None  # wall, monitor, tile
        self.selected_cameras: Callable[[], list[str]] = list
        self._tasks: set[asyncio.Task[None]] = set()
        self._rest_lock = asyncio.Lock()
        self._fetch_slots = asyncio.Semaphore(FETCHES_AT_ONCE)

    # ------------------------------------------------------------------ role and selection

    def set_role(self, role: Role | None, name: str | None = None) -> None:
        self.role = role
        self.name = name
        self.role_changed.emit()

    @property
    def may_edit(self) -> bool:
        return commands.may_edit(self.role)

    def select_tile(self, wall: str, monitor: int, tile: str | None) -> None:
        self.selected_tile = None if tile is None else (wall, monitor, tile)
        self.selection_changed.emit()

    # ------------------------------------------------------------------ commands

    def send(self, message: dict[str, Any], what: str) -> asyncio.Task[None]:
        """Send `message` (described by `what`, translated) and report the outcome in the status bar."""
        task = asyncio.ensure_future(self._send(message, what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def send_rest(self, method: str, path: str, body: dict[str, Any], what: str) -> asyncio.Task[None]:
        """Like `send`, over REST (what the WebSocket has no command for: saving presets)."""
        rest = self._rest
        if rest is None:
            raise RuntimeError("this console was started without REST access")
        task = asyncio.ensure_future(self._send(body, what, lambda: rest(method, path, body)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def call_rest(self, method: str, path: str, body: dict[str, Any] | None,
                  done: Callable[[Any], None], failed: Callable[[str], None]) -> asyncio.Task[None]:
        """A REST call whose answer the caller needs (admin dialog): `done(json)`, or `failed(server's reason)`."""
        return self.call_rest_refused(method, path, body, done, lambda exc: failed(exc.message))

    def call_rest_refused(self, method: str, path: str, body: dict[str, Any] | None,
                          done: Callable[[Any], None], refused: Callable[[ProtocolError], None]) -> asyncio.Task[None]:
        """`call_rest`, giving the whole refusal (its `field` too: a form points at the field it names)."""
        rest = self._rest
        if rest is None:
            raise RuntimeError("this console was started without REST access")
        return self._keep(self._answer(lambda: rest(method, path, body), done, refused))

    def call_fetch(self, path: str, done: Callable[[bytes], None],
                   refused: Callable[[ProtocolError], None]) -> asyncio.Task[None]:
        """GET `path` as bytes (a snapshot), outside the REST queue: pictures must not hold up changes."""
        fetch = self._fetch
        if fetch is None:
            raise RuntimeError("this console was started without REST access")
        return self._keep(self._answer(lambda: fetch(path), done, refused, queued=False))

    async def _answer(self, call: Callable[[], Awaitable[Any]], done: Callable[[Any], None],
                      refused: Callable[[ProtocolError], None], queued: bool = True) -> None:
        try:
            if queued:
                async with self._rest_lock:  # one at a time, in order: a list read after a change sees it
                    answer = await call()
            else:
                async with self._fetch_slots:
                    answer = await call()
        except ProtocolError as exc:
            refused(exc)
        except TimeoutError:
            refused(ProtocolError(ErrorCode.UNAVAILABLE, translate("ConsoleActions", "máy chủ không trả lời")))
        else:
            done(answer)

    def _keep(self, work: Awaitable[None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _send(self, message: dict[str, Any], what: str,
                    call: Callable[[], Awaitable[Any]] | None = None) -> None:
        self._say(translate("ConsoleActions", "Đang gửi: {what}…").format(what=what), False)
        try:
            await (call() if call is not None else self._request(message))
        except ProtocolError as exc:
            log.info("server refused %s: %s", message.get("type"), exc.message)
            self._say(translate("ConsoleActions", "Máy chủ từ chối {what}: {reason}").format(
                what=what, reason=exc.message), True)
        except TimeoutError:
            self._say(translate("ConsoleActions", "Máy chủ không trả lời về {what}; tường giữ nguyên trạng thái "
                                "máy chủ báo").format(what=what), True)
        else:
            self._say(translate("ConsoleActions", "Đã thực hiện: {what}").format(what=what), False)

    def _say(self, text: str, error: bool) -> None:
        self.message.emit(text, error)

    async def wait_idle(self) -> None:
        """Wait until every command sent so far has its answer (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _camera_name(self, camera: str) -> str:
        info = self.store.cameras.get(camera)
        return info.name if info else camera

    def set_camera(self, wall: str, monitor: int, tile: str, camera: str) -> None:
        current = self._tile_state(wall, monitor, tile)
        pinned = bool(current and current.pinned)  # a pinned tile stays pinned with its new camera
        self.send(commands.set_camera(wall, monitor, tile, camera, pinned),
                  translate("ConsoleActions", "đưa camera «{camera}» lên ô {tile} ({wall}/{monitor})").format(
                      camera=self._camera_name(camera), tile=tile, wall=wall, monitor=monitor))

    def start_tour(self, wall: str, monitor: int, tile: str, cameras: list[str]) -> None:
        if not cameras:
            self._say(translate("ConsoleActions", "Chọn các camera cần tuần tra trong cây camera trước"), True)
            return
        current = self._tile_state(wall, monitor, tile)
        self.send(commands.start_tour(wall, monitor, tile, cameras, bool(current and current.pinned)),
                  translate("ConsoleActions", "tuần tra {count} camera trên ô {tile} ({wall}/{monitor})").format(
                      count=len(cameras), tile=tile, wall=wall, monitor=monitor))

    def set_pinned(self, wall: str, monitor: int, tile: str, pinned: bool) -> None:
        current = self._tile_state(wall, monitor, tile)
        source = current.source if current else None
        what = translate("ConsoleActions", "ghim ô {tile} ({wall}/{monitor})") if pinned else \
            translate("ConsoleActions", "bỏ ghim ô {tile} ({wall}/{monitor})")
        self.send(commands.set_pinned(wall, monitor, tile, source, pinned),
                  what.format(tile=tile, wall=wall, monitor=monitor))

    def clear_tile(self, wall: str, monitor: int, tile: str) -> None:
        self.send(commands.clear_tile(wall, monitor, tile),
                  translate("ConsoleActions", "xoá ô {tile} ({wall}/{monitor})").format(tile=tile, wall=wall,
                                                                                       monitor=monitor))

    def maximize_tile(self, wall: str, monitor: int, tile: str | None) -> None:
        """Show `tile` over the whole monitor of the wall, or (None) the whole layout again."""
        what = translate("ConsoleActions", "phóng to ô {tile} ({wall}/{monitor})") if tile else \
            translate("ConsoleActions", "thu nhỏ, hiện cả bố cục ({wall}/{monitor})")
        self.send(commands.maximize_tile(wall, monitor, tile), what.format(tile=tile, wall=wall, monitor=monitor))

    def set_layout(self, wall: str, monitor: int, layout: str) -> None:
        name = self.store.layouts[layout].name if layout in self.store.layouts else layout
        self.send(commands.set_layout(wall, monitor, layout),
                  translate("ConsoleActions", "đổi bố cục màn hình {wall}/{monitor} sang «{layout}»").format(
                      wall=wall, monitor=monitor, layout=name))

    def ack_alert(self, alert: int, comment: str) -> None:
        self.send(commands.ack_alert(alert, comment),
                  translate("ConsoleActions", "xác nhận cảnh báo #{alert}").format(alert=alert))

    def resolve_alert(self, alert: int, comment: str) -> None:
        self.send(commands.resolve_alert(alert, comment),
                  translate("ConsoleActions", "xử lý xong cảnh báo #{alert}").format(alert=alert))

    def apply_preset(self, name: str) -> None:
        preset = self.store.presets.get(name)
        title = preset.title if preset else name
        self.send(commands.apply_preset(name),
                  translate("ConsoleActions", "áp dụng cấu hình «{preset}»").format(preset=title))

    def save_preset(self, preset: Preset, replace: bool) -> None:
        """Store a preset on the server (POST a new one; PUT replaces one of that name)."""
        body = preset.model_dump(mode="json")
        if replace:
            self.send_rest("PUT", f"/api/v1/presets/{preset.name}", body,
                           translate("ConsoleActions", "lưu đè cấu hình «{preset}»").format(preset=preset.title))
        else:
            self.send_rest("POST", "/api/v1/presets", body,
                           translate("ConsoleActions", "lưu cấu hình mới «{preset}»").format(preset=preset.title))

    def freeze_wall(self, wall: str, frozen: bool) -> None:
        what = translate("ConsoleActions", "dừng hình tường {wall}") if frozen else \
            translate("ConsoleActions", "bỏ dừng hình tường {wall}")
        self.send(commands.freeze_wall(wall, frozen), what.format(wall=wall))

    def send_selected_camera(self) -> None:
        """Enter: the camera selected in the tree goes to the tile selected in the walls panel."""
        cameras = self.selected_cameras()
        if self.selected_tile is None or not cameras:
            self._say(translate("ConsoleActions", "Chọn một camera trong cây và một ô trên hình thu nhỏ của tường"),
                      True)
            return
        wall, monitor, tile = self.selected_tile
        self.set_camera(wall, monitor, tile, cameras[0])

    def clear_selected_tile(self) -> None:
        if self.selected_tile is None:
            self._say(translate("ConsoleActions", "Chọn một ô trên hình thu nhỏ của tường trước"), True)
            return
        self.clear_tile(*self.selected_tile)

    def _tile_state(self, wall: str, monitor: int, tile: str) -> TileState | None:
        _layout, views = self.store.monitor_tiles(wall, monitor)
        return next((v.state for v in views if v.tile.id == tile), None)
