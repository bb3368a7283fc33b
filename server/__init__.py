"""IOC Wall aggregation server: store, ingest, WebSocket push, REST."""

from wall_protocol.version import __version__

__all__ = ["__version__"]
