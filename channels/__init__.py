"""Delivery channels: one small async base class, one provider per module, grouped by family."""

from channels.base import (
    Channel,
    DeliveryError,
    Message,
    PermanentDeliveryError,
    Result,
    TemporaryDeliveryError,
)

__all__ = ["Channel", "DeliveryError", "Message", "PermanentDeliveryError", "Result", "TemporaryDeliveryError"]
