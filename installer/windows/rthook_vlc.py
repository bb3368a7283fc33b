"""PyInstaller runtime hook: point python-vlc at the libVLC bundled beside the frozen app.

Runs before any application import (runtime hooks execute first, in the frozen interpreter). Without it,
python-vlc's own search on Windows looks in the registry and in Program Files for a *system* VLC: a room
PC with another VLC version (or none) would play with the wrong libVLC or not at all.
"""

import os
import sys


def _setup_vlc() -> None:
    # sys._MEIPASS is the bundle's `_internal` folder in a PyInstaller 6 one-folder build. The spec puts
    # libvlc.dll and libvlccore.dll there and VLC's `plugins` folder beside them (a VLC install's layout).
    vlc_dir = getattr(sys, "_MEIPASS", None)
    if vlc_dir is None:
        return
    lib = os.path.join(vlc_dir, "libvlc.dll")
    plugins = os.path.join(vlc_dir, "plugins")
    if not os.path.isfile(lib):
        return  # a build without libVLC: let python-vlc report it as it would unfrozen
    # python-vlc loads exactly this file when the variable is set (its find_lib checks it first), instead of
    # searching the registry and Program Files for a system VLC of unknown version.
    os.environ["PYTHON_VLC_LIB_PATH"] = lib
    # python-vlc hands PYTHON_VLC_MODULE_PATH on as VLC_PLUGIN_PATH, but only with setdefault: set both, so
    # that a VLC_PLUGIN_PATH left in the machine's environment by another program cannot win.
    os.environ["PYTHON_VLC_MODULE_PATH"] = plugins
    os.environ["VLC_PLUGIN_PATH"] = plugins
    # libvlc.dll imports libvlccore.dll from its own folder. ctypes loads a full path with
    # LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR, and the bootloader already put _MEIPASS on the DLL search path; adding
    # it explicitly also covers the plugins, which libVLC loads itself and which import libvlccore.dll.
    if hasattr(os, "add_dll_directory"):
        # Keep the handle: closing it would take the directory off the search path again.
        sys._iocwall_vlc_dll_dir = os.add_dll_directory(vlc_dir)  # type: ignore[attr-defined]


def _setup_qt_binding() -> None:
    # pyqtgraph picks its Qt binding itself; only PySide6 is in the bundle, so say so rather than let it probe.
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def _setup_stdio() -> None:
    """The windowed exe (iocwall-kiosk.exe) has no console: PyInstaller sets sys.stdout/sys.stderr to None,
    and code that calls sys.stdout.flush() (wall_client.launch does, before os._exit) would raise. Send
    both to a per-user log file instead, so that a technician can read what the kiosk printed."""
    if sys.stdout is not None and sys.stderr is not None:
        return  # the console exe, or output redirected by the caller (the kiosk watchdog's pipe)
    stream = None
    try:
        # LOCALAPPDATA: the kiosk user can write there (ProgramData\IOC Wall is read-only for it).
        folder = os.path.join(os.environ.get("LOCALAPPDATA") or os.path.expanduser("~"), "IOC Wall")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "iocwall-kiosk.log")
        # Keep one previous log of at most ~5 MB: the kiosk runs for months without a reboot.
        if os.path.exists(path) and os.path.getsize(path) > 5_000_000:
            os.replace(path, path + ".1")
        stream = open(path, "a", encoding="utf-8", buffering=1, errors="backslashreplace")  # noqa: SIM115
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - never fail the wall over its log
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


_setup_vlc()
_setup_qt_binding()
_setup_stdio()
