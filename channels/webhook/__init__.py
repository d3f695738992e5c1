"""Signed JSON webhooks to organisations."""
