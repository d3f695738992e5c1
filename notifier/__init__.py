"""Todoke (届け): accessible, multichannel citizen notifications for Japanese cities."""

from __future__ import annotations

__version__ = "0.1.0"
