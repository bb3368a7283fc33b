"""The baseline the fan-out target is measured against: the barest useful WebSocket relay.

It forwards every producer message, as its own frame, to every client with
`websockets.broadcast` (no batching, no compression, no parsing beyond the hello). This is
the floor MEASURED.md reports (≈ 60% of a core for 50 clients × 1000 msg/s); our server,
which also validates, stores and sequences every message, should cost no more than this.

    python benchmarks/baseline_relay.py [--host 127.0.0.1] [--port 0] [--tls-cert FILE --tls-key FILE]

With a certificate it serves wss (the TLS baseline of `fanout.py --tls`).

Prints `baseline relay listening on HOST:PORT` once it accepts connections.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import ssl

from websockets.asyncio.server import ServerConnection, broadcast, serve

WELCOME = '{"type":"welcome"}'


class Relay:
    def __init__(self) -> None:
        self.clients: set[ServerConnection] = set()

    async def handle(self, ws: ServerConnection) -> None:
        """First message says who this is: `{"type":"hello","role":"producer"|"client"}`."""
        hello = json.loads(await ws.recv())
        await ws.send(WELCOME)
        if hello.get("role") == "producer":
            async for message in ws:
                broadcast(self.clients, message)
            return
        self.clients.add(ws)
        try:
            await ws.wait_closed()
        finally:
            self.clients.discard(ws)


async def main(host: str, port: int, tls: ssl.SSLContext | None = None) -> None:
    relay = Relay()
    stop = asyncio.get_running_loop().create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.cancel)
    async with serve(relay.handle, host, port, compression=None, max_size=None, ping_interval=None,
                     ssl=tls) as server:
        bound = next(iter(server.sockets)).getsockname()
        print(f"baseline relay listening on {bound[0]}:{bound[1]}", flush=True)
        with contextlib.suppress(asyncio.CancelledError):
            await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    options = parser.parse_args()
    context = None
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.tls_cert, options.tls_key)
    asyncio.run(main(options.host, options.port, context))
