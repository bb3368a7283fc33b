"""`iocwall console` as a user starts it: the sub-command opens the window, follows the server, writes a PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.support.pixels import lightness_spread


def test_console_command_connects_and_draws_the_walls(console_server, tmp_path: Path):
    """The process exits cleanly after --seconds and its PNG shows a filled window (panels drawn, not blank)."""
    server, tokens = console_server
    png = tmp_path / "console.png"
    result = subprocess.run(
        [sys.executable, "-m", "wall_client.cli", "console", "--server", server.ws, "--token", tokens["operator"],
         "--seconds", "3", "--screenshot", str(png)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(png))
    assert image.width() >= 1000 and image.height() >= 600
    walls = image.copy(image.width() // 3, 60, image.width() // 3, image.height() // 3)
    assert lightness_spread(walls) > 10, "the walls panel should show miniatures, not an empty area"


def test_console_command_reports_a_refused_token(console_server):
    """A wrong token ends the console with the server's reason and exit code 1."""
    server, _tokens = console_server
    result = subprocess.run(
        [sys.executable, "-m", "wall_client.cli", "console", "--server", server.ws, "--token", "wrong-token",
         "--seconds", "10"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 1 and "refused by the server" in result.stderr, result.stderr[-2000:]
