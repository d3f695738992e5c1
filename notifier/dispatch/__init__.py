"""Delivery: fan-out into the durable outbox, workers that claim and send, retries, failover, schedules."""
