"""Qt tests render offscreen (set before Qt starts); they check pixels and widget state."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
