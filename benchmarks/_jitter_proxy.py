"""A TCP proxy on 127.0.0.1 that holds a stream back now and then: network hiccups, made repeatable.

Every `every_s` seconds it stops forwarding for `hold_ms`, then passes on everything held at once —
what a player sees when Wi-Fi roams or a WAN link queues. With `hold_ms = 0` it only forwards.
One thread per direction per connection; it serves until `close()`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

CHUNK = 64 * 1024


class JitterProxy:
    def __init__(self, upstream_port: int, hold_ms: float, every_s: float) -> None:
        self.upstream_port = upstream_port
        self.hold_s = hold_ms / 1000.0
        self.every_s = every_s
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._started = time.monotonic()
        threading.Thread(target=self._accept, name="jitter-proxy", daemon=True).start()

    def url(self, upstream_url: str) -> str:
        """`upstream_url` (http://127.0.0.1:PORT/...) rewritten to go through the proxy."""
        return upstream_url.replace(f"127.0.0.1:{self.upstream_port}", f"127.0.0.1:{self.port}", 1)

    def holding(self, now: float) -> bool:
        """Inside a hold: the last `hold_s` of every `every_s` period."""
        return self.hold_s > 0 and (now - self._started) % self.every_s >= self.every_s - self.hold_s

    def close(self) -> None:
        self._closed.set()
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            except OSError:
                return
            upstream.settimeout(None)
            self._sockets += [client, upstream]
            for src, dst, held in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pump, args=(src, dst, held), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, held: bool) -> None:
        """Copy src → dst; the stream towards the player (held=True) waits out each hold."""
        with contextlib.suppress(OSError):
            while True:
                data = src.recv(CHUNK)
                if not data:
                    break
                while held and self.holding(time.monotonic()) and not self._closed.is_set():
                    time.sleep(0.005)
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)
