"""Pluggable SMS backends. `CONGRESS_SMS_BACKEND` names the class; the default only logs.

A real gateway subclasses `BaseBackend` and raises on failure; the delivery sweep retries.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("congress.sms")


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


def mask(phone: str) -> str:
    """Logs never carry a whole phone number: 138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


class LogBackend(BaseBackend):
    """Writes the message to the log; the default until the office connects a gateway."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask(phone), text)


class MemoryBackend(BaseBackend):
    """Keeps messages in `outbox`, for tests that run the sweep in-process."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def get_backend() -> BaseBackend:
    return import_string(settings.CONGRESS_SMS_BACKEND)()
