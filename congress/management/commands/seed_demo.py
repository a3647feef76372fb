import random
import time
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from congress.models import Term

SEED = 20261122
SCALES = ("full", "small")


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today wants a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = ("Build the demo district deterministically (fixed seed), every date counted from the load day. "
            "Each app adds its part (`demo.load`).")

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the database already holds a district (used by make run)")
        parser.add_argument("--today", type=day, default=None, metavar="YYYY-MM-DD",
                            help="the load day the district is built around (default: today); the same day "
                                 "gives the same district")
        parser.add_argument("--scale", choices=SCALES, default="full",
                            help="full: about 420 suggestions; small: about 130, in every state (for tests)")

    def handle(self, *args, if_empty=False, today=None, scale="full", **options):
        if Term.objects.exists():
            if if_empty:
                self.stdout.write("The demo district is already loaded.")
                self.print_accounts()
                return
            raise CommandError("This database already holds a district; seed_demo only fills an empty one.")
        rng = random.Random(SEED)
        # every app's demo reads the load day and the size from here
        district: dict = {"today": today or timezone.localdate(), "scale": scale}
        started = time.monotonic()
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    load = import_string(f"{config.name}.demo.load")
                except ImportError:
                    continue
                load(rng, district)
                self.stdout.write(f"  {config.verbose_name}: loaded")
        self.stdout.write(self.style.SUCCESS(
            f"The demo district is loaded around {district['today']:%Y-%m-%d} "
            f"({scale}, {time.monotonic() - started:.0f} s)."))
        self.print_accounts()

    def print_accounts(self):
        self.stdout.write(
            "Demo accounts (demo only): admin, staff, leader, deputy, unit, station — "
            f"password: {settings.CONGRESS_DEMO_PASSWORD}"
        )
