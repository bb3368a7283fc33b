"""Detector plug-ins: the registry (key → class) and the factory that loads and shares them.

One detector per (model file, plug-in, labels file, threads) for the whole server: an
onnxruntime session holds the weights and its thread pool, and `run` is thread-safe, so every
camera using a model calls the same instance.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort

from server.detection.detectors.base import Detector, ModelError, describe_outputs, open_session
from server.detection.detectors.onnx_ssd import OnnxSsd
from server.detection.detectors.onnx_yolo import OnnxYolo
from server.detection.settings import BUNDLED_MODEL
from server.package_data import package_path

log = logging.getLogger(__name__)

__all__ = ["BUNDLED_PATH", "DETECTORS", "Detector", "ModelError", "load_detector"]

DETECTORS: dict[str, type[Detector]] = {cls.key: cls for cls in (OnnxSsd, OnnxYolo)}
"""Plug-ins by key. Order matters for `auto`: the first whose `matches` accepts the model wins."""

BUNDLED_PATH = package_path("server.detection", "models", "ssdlite_person.onnx")
"""The person detector shipped with the server (package data), used for `model = "bundled"`."""

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class _Key:
    path: Path
    detector: str
    labels: Path | None
    threads: int


@dataclass(frozen=True, slots=True)
class _Loaded:
    detector: Detector
    stamp: tuple[int, int]
    """(mtime, size) of the model file when loaded: a replaced file is loaded again."""


_cache: dict[_Key, _Loaded] = {}
# One lock for loading too: two cameras asking for a model at once must not build two sessions,
# and loads are rare (start-up and configuration changes), so serialising them costs nothing.
_lock = threading.Lock()


def resolve_model(model: str) -> Path:
    """The file a `detect.model` setting names: the bundled model or a path (relative to the working directory)."""
    return BUNDLED_PATH if model == BUNDLED_MODEL else Path(model).expanduser().resolve()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)  # open_session reports the missing file
    return (info.st_mtime_ns, info.st_size)


def load_detector(model: str, *, detector: str = AUTO, labels: str | None = None, threads: int = 1) -> Detector:
    """The detector for `model` ("bundled" or an ONNX file), loaded and warmed up once, then shared.

    Raises ModelError, naming the file, when the model or labels file is missing or unusable, or
    when no plug-in (or not the one asked for) understands the model's outputs.
    """
    path = resolve_model(model)
    if detector != AUTO and detector not in DETECTORS:
        raise ModelError(f"unknown detector {detector!r} for {path} (known: {AUTO}, {', '.join(DETECTORS)})")
    labels_path = Path(labels).expanduser().resolve() if labels else None
    key = _Key(path, detector, labels_path, threads)
    with _lock:
        stamp = _stamp(path)
        cached = _cache.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached.detector
        started = time.monotonic()
        session = open_session(path, threads)
        cls = _choose(session, path, detector)
        # Asking for "auto" and for the plug-in it resolves to must share one session too.
        concrete = _Key(path, cls.key, labels_path, threads)
        shared = _cache.get(concrete)
        if shared is not None and shared.stamp == stamp:
            _cache[key] = shared
            return shared.detector
        instance = cls(session, path, labels_file=labels_path)
        try:
            instance.warm_up()
        except Exception as exc:  # onnxruntime's errors have no stable public type
            raise ModelError(f"{path} fails on a blank test picture with {cls.key}: {exc}") from exc
        loaded = _Loaded(instance, stamp)
        _cache[key] = _cache[concrete] = loaded
        log.info("loaded %s detector for %s (%d thread(s), %d classes named) in %.0f ms",
                 cls.key, path, threads, len(instance.labels), (time.monotonic() - started) * 1000)
        return instance


def _choose(session: ort.InferenceSession, path: Path, detector: str) -> type[Detector]:
    if detector != AUTO:
        cls = DETECTORS[detector]
        if not cls.matches(session):
            raise ModelError(
                f"{path} does not fit detector {detector}: it has outputs {describe_outputs(session)}, "
                f"and {detector} expects {cls.expects}")
        return cls
    fitting = [cls for cls in DETECTORS.values() if cls.matches(session)]
    if not fitting:
        expected = " nor ".join(f"{cls.key} ({cls.expects})" for cls in DETECTORS.values())
        raise ModelError(f"{path} has outputs {describe_outputs(session)} that match neither {expected}")
    if len(fitting) > 1:
        log.warning("%s fits detectors %s; using %s (set detect.detector to choose)",
                    path, ", ".join(cls.key for cls in fitting), fitting[0].key)
    return fitting[0]


def clear_cache() -> None:
    """Forget every loaded detector (tests; a reload of the detection settings)."""
    with _lock:
        _cache.clear()
