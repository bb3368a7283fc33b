"""uvicorn's HTTP protocol, with the connection's transport made available to live video responses.

Why: a relayed camera sends 25 chunks a second to every viewer. Through ASGI each chunk wakes the
viewer's task and passes through Starlette's and uvicorn's send layers; measured, that was most of
the relay's CPU. With the transport in the request scope (an ASGI extension, `TRANSPORT_EXTENSION`,
whose value is `{"transport": ...}` as the spec wants extension values to be dicts), the relay writes
each chunk straight into the viewer's connection from the event loop (server/media/channel.py),
and asyncio's transport does the buffering. Everything else about the request stays plain ASGI.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

TRANSPORT_EXTENSION = "iocwall.transport"


class TransportExposingHttpProtocol(HttpToolsProtocol):
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT_EXTENSION: {"transport": self.transport}}
