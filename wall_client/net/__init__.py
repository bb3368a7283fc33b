"""The client's only contact with sockets: the WebSocket feed with reconnect and resume."""
