"""Tile widgets, one module per kind, looked up in `registry`."""
