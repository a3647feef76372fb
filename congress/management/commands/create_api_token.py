from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from congress import services
from congress.models import Unit, User


class Command(BaseCommand):
    help = "Issue a named API token and print its key once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--user", required=True, help="username the token acts as")
        parser.add_argument("--scope", action="append", required=True, help="read, unit-reply or stats")
        parser.add_argument("--unit", help="unit code, required with --scope unit-reply")

    def handle(self, *args, name, user, scope, unit, **options):
        try:
            account = User.objects.get(username=user)
            unit_obj = Unit.objects.get(code=unit) if unit else None
            token, key = services.issue_api_token(
                actor=None, name=name, user=account, scopes=scope, unit=unit_obj
            )
        except (User.DoesNotExist, Unit.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(key)
