"""A minimal observer, so that Qt-free models can tell widgets what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Event(Generic[P]):
    """Handlers run in the order they connected, synchronously, on the caller's thread."""

    def __init__(self) -> None:
        self._handlers: list[Callable[P, None]] = []

    def connect(self, handler: Callable[P, None]) -> None:
        self._handlers.append(handler)

    def disconnect(self, handler: Callable[P, None]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for handler in list(self._handlers):
            handler(*args, **kwargs)
