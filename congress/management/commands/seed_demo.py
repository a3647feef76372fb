import random

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from congress.models import Term

SEED = 20261122


class Command(BaseCommand):
    help = "Build the demo district deterministically (fixed seed). Each app adds its part (`demo.load`)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the database already holds a district (used by make run)")

    def handle(self, *args, if_empty=False, **options):
        if Term.objects.exists():
            if if_empty:
                self.stdout.write("The demo district is already loaded.")
                self.print_accounts()
                return
            raise CommandError("This database already holds a district; seed_demo only fills an empty one.")
        rng = random.Random(SEED)
        district: dict = {}
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    load = import_string(f"{config.name}.demo.load")
                except ImportError:
                    continue
                load(rng, district)
                self.stdout.write(f"  {config.verbose_name}: loaded")
        self.stdout.write(self.style.SUCCESS("The demo district is loaded."))
        self.print_accounts()

    def print_accounts(self):
        self.stdout.write(
            "Demo accounts (demo only): admin, staff, leader, deputy, unit, station — "
            f"password: {settings.CONGRESS_DEMO_PASSWORD}"
        )
