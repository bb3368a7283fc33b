"""The leaders' view (web/, served under /view/): its build is made once per run if it is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WEB_ASSETS = REPO / "server" / "web_assets"


@pytest.fixture(scope="session")
def web_build() -> Path:
    """server/web_assets as `make web` builds it (built here when missing: needs node and npm)."""
    if not (WEB_ASSETS / "index.html").is_file():
        if shutil.which("node") is None or shutil.which("npm") is None:
            pytest.fail("the leaders' view is not built and node/npm are missing: bash scripts/bootstrap.sh test")
        done = subprocess.run(["bash", str(REPO / "scripts/build-web.sh")], capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, f"make web failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return WEB_ASSETS
