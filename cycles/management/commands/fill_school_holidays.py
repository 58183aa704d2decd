"""Give every school the official holidays of its region for the published school years in
which it has none yet (run after an update of cycles/data/school_holidays.json)."""

from django.core.management.base import BaseCommand, CommandParser

from cycles import school_holidays
from cycles.services.school_calendars import school_holidays_fill_all


class Command(BaseCommand):
    help = (
        "Fill in the official holidays of each school's region for every published school "
        "year (from the current one on) in which the school has none; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--past",
            action="store_true",
            help="also the published school years that have ended",
        )

    def handle(self, *args, past: bool, **options) -> None:
        years = list(school_holidays.schedule().years) if past else None
        schools, added = school_holidays_fill_all(years=years)
        source = school_holidays.schedule().source
        self.stdout.write(
            f"{added} holidays added to {schools} schools "
            f"(source: {source.publisher}, {source.url}, recorded {source.recorded})."
        )
