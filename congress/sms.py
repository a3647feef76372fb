"""Pluggable SMS backends. `CONGRESS_SMS_BACKEND` names the class; the default only logs.

A real gateway subclasses `BaseBackend` and raises on failure; the delivery sweep retries.
Every send carries an idempotency key, the same for every attempt at one outbox row: a gateway
that honours it (most Chinese SMS platforms take an "out id" / 业务流水号) drops the repeat that
follows a worker killed between sending and recording the send.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("congress.sms")


class BaseBackend:
    def send(self, phone: str, text: str, *, idempotency_key: str) -> None:
        raise NotImplementedError


def mask(phone: str) -> str:
    """Logs never carry a whole phone number: 138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


class LogBackend(BaseBackend):
    """Writes the message to the log; the default until the office connects a gateway."""

    def send(self, phone: str, text: str, *, idempotency_key: str) -> None:
        logger.info("SMS to %s [%s]: %s", mask(phone), idempotency_key, text)


class MemoryBackend(BaseBackend):
    """Keeps messages in `outbox` (and their keys in `keys`), for tests that run the sweep in-process."""

    outbox: list[tuple[str, str]] = []
    keys: list[str] = []

    def send(self, phone: str, text: str, *, idempotency_key: str) -> None:
        self.outbox.append((phone, text))
        self.keys.append(idempotency_key)


def get_backend() -> BaseBackend:
    return import_string(settings.CONGRESS_SMS_BACKEND)()
