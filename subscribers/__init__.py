"""Subscribers: model, preferences, contact verification, signed manage links, CSV import/export."""
