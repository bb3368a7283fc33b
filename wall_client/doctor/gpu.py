"""`iocwall doctor`'s GPU decoding check: can libVLC hand video decoding to the graphics card here?

On Linux libVLC uses VA-API (Intel, AMD) or VDPAU (NVIDIA, older AMD) when it finds a render node
(/dev/dri/renderD*) it may open and a driver library for it; otherwise every tile is decoded on the
CPU. Windows (DXVA2 / Direct3D 11) and macOS (VideoToolbox) have it by default. The file system is
read from `root` so that tests can build a fake one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from wall_client.doctor.checks import CheckResult, Status

VA_DRIVER_DIRS = ("usr/lib/*/dri", "usr/lib/dri", "usr/lib64/dri")
VDPAU_DIRS = ("usr/lib/*/vdpau", "usr/lib/vdpau", "usr/lib64/vdpau")
CPU_ONLY_MEANS = ("every tile is decoded on the CPU: a 16-tile grid of sub streams (Luồng phụ, 640×360) is fine "
                  "on a recent 4-core PC, but each full-HD main stream (Luồng chính) takes roughly a core, "
                  "so show only a few main-stream tiles on this PC")
DRIVER_HINT = ("install the VA-API driver for this GPU (Intel: intel-media-va-driver or i965-va-driver; AMD: "
               "mesa-va-drivers; NVIDIA: nvidia-vdpau-driver), then run `iocwall doctor` again")


def _driver_names(root: Path, patterns: tuple[str, ...], glob: str, strip: tuple[str, str]) -> list[str]:
    prefix, suffix = strip
    names = {path.name.removeprefix(prefix).split(suffix)[0]
             for pattern in patterns for folder in root.glob(pattern) for path in folder.glob(glob)}
    return sorted(names)


def va_drivers(root: Path) -> list[str]:
    """VA-API driver names (iHD, i965, radeonsi, ...), from LIBVA_DRIVERS_PATH too when it is set."""
    dirs = list(VA_DRIVER_DIRS)
    extra = os.environ.get("LIBVA_DRIVERS_PATH")
    if extra:
        dirs += [part.lstrip("/") for part in extra.split(os.pathsep) if part]
    return _driver_names(root, tuple(dirs), "*_drv_video.so", ("", "_drv_video.so"))


def vdpau_drivers(root: Path) -> list[str]:
    return _driver_names(root, VDPAU_DIRS, "libvdpau_*.so*", ("libvdpau_", ".so"))


def check_gpu_decoding(platform: str = sys.platform, root: Path = Path("/")) -> CheckResult:
    name = "GPU decoding"
    if platform == "win32":
        return CheckResult(name, Status.OK, "Windows: libVLC decodes on the GPU through Direct3D 11 "
                           "(DXVA2 as fallback) by default; keep the graphics driver up to date")
    if platform == "darwin":
        return CheckResult(name, Status.OK, "macOS: libVLC decodes on the GPU through VideoToolbox")
    nodes = sorted(str(path.relative_to(root)) for path in (root / "dev" / "dri").glob("renderD*"))
    if not nodes:
        return CheckResult(name, Status.WARN, f"CPU decoding only: no GPU render node (/dev/dri/renderD*); "
                           f"{CPU_ONLY_MEANS}", "if the PC has a GPU, install its kernel driver (firmware-misc-"
                           "nonfree, a newer kernel) so that /dev/dri/renderD128 appears")
    usable = [node for node in nodes if os.access(root / node, os.R_OK | os.W_OK)]
    drivers = [f"VA-API {d}" for d in va_drivers(root)] + [f"VDPAU {d}" for d in vdpau_drivers(root)]
    found = f"render nodes {', '.join('/' + n for n in nodes)}; drivers: {', '.join(drivers) or 'none'}"
    if not usable:
        return CheckResult(name, Status.WARN, f"CPU decoding only: {found}, but this user may not open them; "
                           f"{CPU_ONLY_MEANS}", "add the kiosk user to the 'render' and 'video' groups "
                           "(adduser KIOSK_USER render), then log in again")
    if not drivers:
        return CheckResult(name, Status.WARN, f"CPU decoding only: {found}; {CPU_ONLY_MEANS}", DRIVER_HINT)
    return CheckResult(name, Status.OK, f"hardware decoding available to libVLC: {found}")
