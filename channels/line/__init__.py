"""LINE Messaging API."""
