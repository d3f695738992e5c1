"""Notices: validation of notice JSON, storage, lifecycle (draft → approved → sending → sent)."""
