"""What the server does, as write jobs and read queries over the store; no HTTP, no sockets."""
