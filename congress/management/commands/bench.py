"""`manage.py bench [names...] [--list]`: run the benchmark scenarios registered in `<app>/bench.py`.

Use `make bench` (or `python -m congress.localenv bench`), which runs this against a database of
its own, `congress_bench`, so that seeded rows never mix with development data.
"""

from django.core.management.base import BaseCommand, CommandError

from congress import bench


def select(names: list[str]) -> list[bench.Scenario]:
    """The named scenarios in the order given, or all of them; an unknown name is an error."""
    if not names:
        return list(bench.SCENARIOS.values())
    unknown = [name for name in names if name not in bench.SCENARIOS]
    if unknown:
        raise CommandError(f"unknown scenario(s): {', '.join(unknown)}; see `manage.py bench --list`")
    return [bench.SCENARIOS[name] for name in names]


class Command(BaseCommand):
    help = "Run benchmark scenarios (all by default), print a table and write .bench/latest.json."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="scenarios to run; all when none is given")
        parser.add_argument("--list", action="store_true", dest="list_only",
                            help="list the scenarios and exit")

    def handle(self, *args, names, list_only, **options):
        bench.discover()
        if list_only:
            for item in bench.SCENARIOS.values():
                self.stdout.write(f"{item.name:<28} [{item.app}] {item.summary}")
            return
        rows, failures = bench.run(select(names), log=self.stdout.write)
        self.stdout.write(bench.format_table(rows) if rows else "(no results)")
        path = bench.write_json(rows, failures)
        self.stdout.write(f"written to {path}")
        if failures:
            raise CommandError("; ".join(f"{f['scenario']} failed ({f['error']})" for f in failures))
