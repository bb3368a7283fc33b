"""Files shipped inside the server package (built-in layouts, the bundled detection model), found with
`importlib.resources`: the same lookup works in a checkout, an editable install, an installed wheel and
the PyInstaller bundle of the Debian package, wherever each of them lives."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(package: str, *parts: str) -> Path:
    """`parts` under `package`'s folder, as a real path: the loaders glob folders and onnxruntime opens files
    by name, which a wheel installed by pip and a PyInstaller bundle both allow (a zipped install would not)."""
    resource = files(package).joinpath(*parts)
    if not isinstance(resource, Path):
        raise RuntimeError(f"{package}/{'/'.join(parts)} is inside an archive ({resource!r}): "
                           "install IOC Wall as files on disk (pip install, not a zipapp)")
    return resource
