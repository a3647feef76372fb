"""The Celery app. Workers write a heartbeat row that /healthz reads (congress/health.py)."""

import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Heartbeat(bootsteps.StartStopStep):
    """Writes `WorkerHeartbeat` when the worker starts and then every few seconds."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        from congress.health import write_heartbeat

        write_heartbeat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            settings.CONGRESS_WORKER_HEARTBEAT_SECONDS, write_heartbeat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


app.steps["worker"].add(Heartbeat)
