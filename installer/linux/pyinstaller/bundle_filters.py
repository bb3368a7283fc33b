"""What the PyInstaller specs keep out of a bundle although PyInstaller's analysis finds it."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# libVLC must come from the system: its plugins (demuxers, decoders, video outputs) live in
# /usr/lib/x86_64-linux-gnu/vlc/plugins and must match the libvlccore that loads them. PyInstaller
# would copy libvlc.so.5 because python-vlc names it in a ctypes.CDLL call.
_LIBVLC = re.compile(r"^libvlc(core)?\.so")

# Of the libraries found in the build machine's /lib and /usr/lib, keep only the interpreter and what
# its standard-library extension modules link: that is the "own Python" of the bundle. Everything else
# there (libstdc++, X11/xcb, fontconfig/freetype, GLib, D-Bus, Kerberos ...) is left to the target
# system, which the .deb's Depends provide: a bundled copy of, say, libstdc++ or libX11 from the build
# machine would be loaded instead of the system's by libVLC and the GL drivers too, and break them on
# a newer distribution. Libraries shipped inside wheels (Qt, numpy's OpenBLAS, FFmpeg in av.libs ...)
# are not under /usr/lib and always stay.
# libexpat is left out too: bookworm's needs glibc 2.36 (Ubuntu 22.04 has 2.35), and every system has one.
_KEEP_FROM_SYSTEM = re.compile(
    r"^lib(python3\.\d+|ssl|crypto|ffi|z|bz2|lzma|uuid|mpdec|sqlite3|readline|ncursesw|tinfo)\.so"
)
_SYSTEM_DIRS = ("/lib/", "/usr/lib/", "/lib64/", "/usr/lib64/", "/usr/local/lib/")

# Qt plug-ins that pull a desktop stack (GTK theme → GTK/cairo/pango) or serve devices a wall PC does
# not have (framebuffer, KMS/EGLFS, VNC, evdev, Vulkan display). xcb, wayland and offscreen stay.
_QT_PLUGIN_DROP = re.compile(
    r"/plugins/(platformthemes/libqgtk3|platforms/libq(eglfs|linuxfb|vnc|minimalegl|vkkhrdisplay)|"
    r"egldeviceintegrations/|generic/)"
)


def drop_binaries(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The analysis' binaries without those the target system must provide, and unneeded Qt plug-ins."""
    kept = []
    for dest, src, kind in binaries:
        name = PurePosixPath(src).name
        if _LIBVLC.match(name):
            continue
        if src.startswith(_SYSTEM_DIRS) and not _KEEP_FROM_SYSTEM.match(name):
            continue
        if _QT_PLUGIN_DROP.search("/" + dest):
            continue
        kept.append((dest, src, kind))
    return kept
