"""Renderings: one notice, rendered once per (variant, format), readable by whoever receives it."""
