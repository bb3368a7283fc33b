"""Where tests leave the screenshots a person looks at (the tests check the pixels; people check the pictures).

Under $IOCWALL_SHOTS_DIR, else <the temporary folder>/iocwall-shots, in a folder per subject.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def shots_dir(subject: str) -> Path:
    """The folder for `subject`'s screenshots (made by the test that writes there)."""
    root = os.environ.get("IOCWALL_SHOTS_DIR") or os.path.join(tempfile.gettempdir(), "iocwall-shots")
    return Path(root) / subject
