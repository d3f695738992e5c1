from __future__ import annotations

from notifier.cli import main

raise SystemExit(main())
