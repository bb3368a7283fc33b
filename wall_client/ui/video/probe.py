"""Can this PC play the wall's video? For `iocwall doctor`: libVLC's version and a trial instance.

Imports vlc only when asked, so that a PC without libVLC gets a report rather than an ImportError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

TRIAL_ARGS = ["--vout=dummy", "--aout=dummy", "--no-audio", "--quiet"]
"""The wall's own options (player.VLC_ARGS) draw nothing here either; dummy outputs keep the trial off screen."""


@dataclass(frozen=True)
class LibVlcFound:
    loaded: bool
    version: str = ""
    library: str = ""
    plugin_path: str | None = None
    instance_ok: bool = False
    error: str = ""


def probe_libvlc() -> LibVlcFound:
    """Load libVLC, read its version, and make (and release) an instance and a player as the wall does."""
    plugin_path = os.environ.get("VLC_PLUGIN_PATH") or None
    try:
        import vlc
    except Exception as exc:  # python-vlc raises OSError, NotImplementedError or others when libvlc is missing
        return LibVlcFound(False, plugin_path=plugin_path, error=f"{type(exc).__name__}: {exc}")
    from wall_client.ui.video.player import VLC_ARGS

    raw = vlc.libvlc_get_version()
    version = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    library = str(getattr(vlc.dll, "_name", "") or "")
    args = [arg for arg in VLC_ARGS if not arg.startswith("--aout")] + TRIAL_ARGS
    instance = vlc.Instance(args)
    if instance is None:
        return LibVlcFound(True, version, library, plugin_path,
                           error="libvlc_new failed: its plugins are missing or unreadable")
    try:
        player = instance.media_player_new()
        if player is None:
            return LibVlcFound(True, version, library, plugin_path, error="libVLC made no media player")
        player.release()
    finally:
        instance.release()
    return LibVlcFound(True, version, library, plugin_path, instance_ok=True)
