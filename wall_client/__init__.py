"""IOC Wall desktop client: wall mode and operator console."""
