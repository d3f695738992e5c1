"""SMS providers: SMPP 3.4 and Twilio-compatible HTTP gateways."""
