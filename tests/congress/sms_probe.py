"""An SMS backend for tests that run a real worker: slow like a gateway, and it writes every send
(idempotency key, number) to the file named by CONGRESS_TEST_SMS_FILE, flushed before it returns,
so that what was sent survives the worker being killed."""

import os
import time

from congress.sms import BaseBackend


class SlowFileBackend(BaseBackend):
    def send(self, phone: str, text: str, *, idempotency_key: str) -> None:
        with open(os.environ["CONGRESS_TEST_SMS_FILE"], "a") as sent:
            sent.write(f"{idempotency_key}\t{phone}\n")
            sent.flush()
            os.fsync(sent.fileno())
        # The gateway answers after a while: a kill lands between "sent" and "marked sent".
        time.sleep(float(os.environ.get("CONGRESS_TEST_SMS_SECONDS", "0.05")))


def sent_keys(path) -> list[str]:
    """The key of every send, in order; a key twice is one message sent twice unless the gateway dedupes."""
    if not os.path.exists(path):
        return []
    with open(path) as sent:
        return [line.split("\t", 1)[0] for line in sent.read().splitlines() if line]
