"""Voice providers: outbound calls through a Twilio-compatible Calls API."""
