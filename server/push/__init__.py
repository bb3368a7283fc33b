"""WebSocket push: per-client coalescing queues and the /ws session."""
