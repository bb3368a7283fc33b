"""The relay: one channel per (camera, stream), started on demand and stopped when unwatched."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from server.config import MediaConfig
from server.media.channel import Keyframe, StreamChannel, Viewer
from server.media.inbox import Inbox
from server.media.pull import PacketTap, PullSettings
from server.redact import remember
from wall_protocol.admin import CameraSpec
from wall_protocol.entities import StreamName, StreamStatus
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

StatusListener = Callable[[StreamStatus], None]


def source_url(spec: CameraSpec, stream: StreamName) -> str:
    """The camera URL the relay pulls; refuses what cannot be relayed, saying why."""
    if not spec.enabled:
        raise ProtocolError(ErrorCode.CONFLICT, f"camera {spec.id!r} is disabled")
    if spec.direct:
        raise ProtocolError(
            ErrorCode.CONFLICT, f"camera {spec.id!r} is direct: clients open its URL themselves, it is not relayed"
        )
    url = spec.sub_url if stream == "sub" else spec.main_url
    if url is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"camera {spec.id!r} has no sub stream", field="stream")
    return url


class MediaRelay:
    def __init__(self, config: MediaConfig, on_status: StatusListener) -> None:
        self.config = config
        self._on_status = on_status
        self._channels: dict[tuple[str, str], StreamChannel] = {}
        self._pushed: dict[tuple[str, str], StreamStatus] = {}
        self._inbox = Inbox(config.delivery_interval_s, lambda: any(c.running for c in self._channels.values()))

    def _settings(self, spec: CameraSpec, stream: StreamName) -> PullSettings:
        c = self.config
        url = source_url(spec, stream)
        remember(url)  # whatever FFmpeg says about this source may quote its password
        return PullSettings(
            url=url,
            rtsp_transport=spec.rtsp_transport,
            open_timeout_s=c.open_timeout_s, stall_timeout_s=c.stall_timeout_s,
            reconnect_initial_s=c.reconnect_initial_s, reconnect_max_s=c.reconnect_max_s,
            name=f"{spec.id}/{stream}",
        )

    def channel(self, spec: CameraSpec, stream: StreamName) -> StreamChannel:
        """The channel for a camera stream, created (not started) if needed; follows URL changes."""
        key = (spec.id, stream)
        settings = self._settings(spec, stream)
        existing = self._channels.get(key)
        if existing is not None and existing.settings != settings:
            existing.stop()  # the admin changed the camera: pull the new URL
            existing.settings = settings
        if existing is None:
            existing = StreamChannel(spec.id, stream, settings, viewer_buffer_bytes=self.config.viewer_buffer_bytes,
                                     inbox=self._inbox, on_state_change=self._state_changed)
            self._channels[key] = existing
        return existing

    def open_viewer(self, spec: CameraSpec, stream: StreamName) -> tuple[StreamChannel, Viewer]:
        """A new viewer of the stream, unless that would pass the viewer or buffer limits (BUSY, 503)."""
        key = (spec.id, stream)
        existing = self._channels.get(key)
        if existing is not None and len(existing.viewers) >= self.config.viewers_per_stream:
            raise ProtocolError(ErrorCode.BUSY, f"camera {spec.id!r} ({stream} stream) already has "
                                f"{self.config.viewers_per_stream} viewers", retry_after_s=10)
        # Each viewer may hold up to viewer_buffer_bytes of video it has not taken yet: reserve that much.
        viewers = sum(len(c.viewers) for c in self._channels.values())
        if (viewers + 1) * self.config.viewer_buffer_bytes > self.config.buffer_total_bytes:
            raise ProtocolError(ErrorCode.BUSY, f"the relay serves {viewers} viewers, as many as its video buffer "
                                f"({self.config.buffer_total_bytes // 2**20} MiB) allows", retry_after_s=10)
        channel = self.channel(spec, stream)
        self._keep_pulling(channel)
        viewer = channel.attach()
        self._push(channel, force=True)
        return channel, viewer

    def close_viewer(self, channel: StreamChannel, viewer: Viewer) -> None:
        channel.detach(viewer)
        self._push(channel, force=True)
        self._stop_when_idle(channel)

    async def keyframe(self, spec: CameraSpec, stream: StreamName) -> Keyframe:
        """The stream's newest keyframe; a stream nobody pulls is pulled for it, as for a viewer, and stops
        `idle_stop_s` after the last request (a phone refreshing its still keeps it pulled)."""
        channel = self.channel(spec, stream)
        self._keep_pulling(channel)
        channel.still_requests += 1
        try:
            await asyncio.wait_for(channel.keyframe_arrived.wait(), self.config.first_data_timeout_s)
        except TimeoutError:
            pass
        finally:
            channel.still_requests -= 1
            self._stop_when_idle(channel)
        if channel.keyframe is None:  # no picture in time, or the camera was changed or removed meanwhile
            why = f": {channel.error}" if channel.error else ""  # redacted by the channel
            raise ProtocolError(ErrorCode.UNAVAILABLE, f"camera {spec.id!r} ({stream} stream) sent no picture "
                                f"within {self.config.first_data_timeout_s:g} s{why}")
        return channel.keyframe

    def _keep_pulling(self, channel: StreamChannel) -> None:
        """Someone wants the stream: cancel a pending stop, and start the pull if it is idle."""
        if channel.stop_handle is not None:
            channel.stop_handle.cancel()
            channel.stop_handle = None
        channel.start()

    def _stop_when_idle(self, channel: StreamChannel) -> None:
        """Once nobody wants the stream, stop its pull after `idle_stop_s` (someone coming back meanwhile keeps it)."""
        if not channel.watched and channel.stop_handle is None:
            loop = asyncio.get_running_loop()
            channel.stop_handle = loop.call_later(self.config.idle_stop_s, self._stop_if_unwatched, channel)

    def _stop_if_unwatched(self, channel: StreamChannel) -> None:
        channel.stop_handle = None
        if not channel.watched:
            log.info("stream %s/%s unwatched for %.0f s: stopping its pull", channel.camera, channel.stream,
                     self.config.idle_stop_s)
            channel.stop()

    def add_tap(self, spec: CameraSpec, stream: StreamName, tap: PacketTap) -> StreamChannel:
        """Feed `tap` the stream's packets; the stream is pulled while any tap or viewer wants it."""
        channel = self.channel(spec, stream)
        channel.taps = (*channel.taps, tap)
        self._keep_pulling(channel)
        return channel

    def remove_tap(self, camera_id: str, stream: StreamName, tap: PacketTap) -> None:
        channel = self._channels.get((camera_id, stream))
        if channel is None or tap not in channel.taps:
            return
        channel.taps = tuple(t for t in channel.taps if t is not tap)
        self._stop_when_idle(channel)

    def forget(self, camera_id: str) -> None:
        """A camera was removed: stop its pulls (its viewers' streams end)."""
        for key in [k for k in self._channels if k[0] == camera_id]:
            self._drop(key)

    def camera_changed(self, spec: CameraSpec) -> None:
        """An admin saved a camera: streams whose source changed (URL, transport, disabled, direct) end, so
        their viewers reconnect to the new one; a change of name or area leaves the video alone."""
        for key in [k for k in self._channels if k[0] == spec.id]:
            try:
                unchanged = self._settings(spec, key[1]) == self._channels[key].settings  # type: ignore[arg-type]
            except ProtocolError:
                unchanged = False  # no longer relayed
            if not unchanged:
                self._drop(key)

    def _drop(self, key: tuple[str, str]) -> None:
        channel = self._channels.pop(key)
        channel.stop()
        for viewer in list(channel.viewers):
            viewer.close()

    def statuses(self) -> list[StreamStatus]:
        return [c.status() for c in self._channels.values()]

    def _state_changed(self, channel: StreamChannel) -> None:
        self._push(channel, force=True)

    def _push(self, channel: StreamChannel, *, force: bool) -> None:
        """Send a status delta when the state or viewers changed, or the rates moved noticeably."""
        status = channel.status()
        key = (channel.camera, channel.stream)
        last = self._pushed.get(key)
        if last is not None and not force and not _noticeable(last, status):
            return
        if last is not None and _same(last, status):
            return
        self._pushed[key] = status
        self._on_status(status)

    async def watch(self) -> None:
        """Every few seconds, refresh fps/bitrate for clients (they change without an event)."""
        while True:
            await asyncio.sleep(self.config.status_interval_s)
            for channel in list(self._channels.values()):
                self._push(channel, force=False)

    def close(self) -> None:
        for channel in self._channels.values():
            if channel.stop_handle is not None:
                channel.stop_handle.cancel()
            channel.stop()


def _same(a: StreamStatus, b: StreamStatus) -> bool:
    return a.model_dump(exclude={"last_packet_at"}) == b.model_dump(exclude={"last_packet_at"})


def _noticeable(a: StreamStatus, b: StreamStatus) -> bool:
    if (a.state, a.viewers, a.width, a.height, a.reconnects, a.error) != (
        b.state, b.viewers, b.width, b.height, b.reconnects, b.error
    ):
        return True
    return abs(a.fps - b.fps) >= 1.0 or abs(a.bitrate_kbps - b.bitrate_kbps) > 0.1 * max(a.bitrate_kbps, 1.0)

