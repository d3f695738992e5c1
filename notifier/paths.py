"""Where the project's data directories are (templates, locales), in a checkout or an image."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("TODOKE_HOME") or Path(__file__).resolve().parent.parent)
TEMPLATES = ROOT / "templates"
LOCALES = ROOT / "locales"
