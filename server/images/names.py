"""The image names saved layouts may give (server/domain/layout_refs.py checks them against this).

A process-wide set, filled once at start-up from the library (server/app.py), because the layout check
runs inside store transactions that know no app; kept apart from library.py, which imports the layout
loader that imports the check.
"""

from __future__ import annotations

_registered: frozenset[str] = frozenset()


def register_names(names: set[str] | frozenset[str]) -> None:
    """The names saved layouts may give (server/domain/layout_refs.py checks them); set once at start-up.

    A process-wide set because the layout check runs inside store transactions that know no app."""
    global _registered
    _registered = frozenset(names)


def registered_names() -> frozenset[str]:
    return _registered
