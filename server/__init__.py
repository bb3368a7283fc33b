"""IOC Wall aggregation server: store, ingest, WebSocket push, REST."""

__version__ = "0.1.0"
