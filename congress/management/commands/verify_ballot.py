"""Recount a closed ballot from its stored papers and compare tally and digest with what closing
stored. Exit status 0 when both match, 1 when either differs (a paper altered behind the platform's
back), 2 when the ballot has not been counted yet. Read-only: it changes no row."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from congress.ballots import services
from congress.ballots.models import Ballot


class Command(BaseCommand):
    help = "Recompute a ballot's tally and SHA-256 digest from its papers and compare them with the stored ones."

    def add_arguments(self, parser):
        parser.add_argument("ballot_id", type=int)

    def handle(self, *args, ballot_id, **options):
        try:
            ballot = Ballot.objects.get(pk=ballot_id)
        except Ballot.DoesNotExist:
            raise CommandError(f"ballot {ballot_id} does not exist") from None
        if not ballot.digest:
            self.stderr.write(f"ballot {ballot_id} has not been counted yet ({ballot.status})")
            sys.exit(2)
        check = services.recount(ballot)
        self.stdout.write(f"ballot {ballot.pk}: {ballot.tally.get('papers', 0)} papers stored at count, "
                          f"{check.recount['papers']} now")
        self.stdout.write(f"tally:  {'matches' if check.tally_matches else 'DIFFERS'}")
        self.stdout.write(f"digest: {'matches' if check.digest_matches else 'DIFFERS'} "
                          f"(stored {ballot.digest}, recomputed {check.digest})")
        if not check.tally_matches:
            self.stdout.write("stored:    " + json.dumps(ballot.tally, sort_keys=True))
            self.stdout.write("recounted: " + json.dumps(check.recount, sort_keys=True))
        if not check.ok:
            sys.exit(1)
