from django.core.management.base import BaseCommand

from congress.holidays import sync_from_package


class Command(BaseCommand):
    help = "Add statutory holidays and make-up working days from the chinese-calendar package."

    def handle(self, *args, **options):
        added, last_year = sync_from_package()
        self.stdout.write(f"{added} days added; the package covers up to {last_year}. "
                          "Enter later years on the staff calendar page (/staff/calendar/).")
