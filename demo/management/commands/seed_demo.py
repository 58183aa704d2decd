from django.core.management.base import BaseCommand, CommandParser

from accounts.models import User
from demo import communities as demo
from demo import cycles as cycles_demo
from demo.observations import seed as observations_demo
from demo.observations_bulk import scale as observations_bulk


class Command(BaseCommand):
    help = "Create the demo board and accounts (safe to run again); --scale N adds bulk data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="also add about N schools of 40 teachers with three years of history",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database has any account (used by `make run`)",
        )

    def handle(self, *args, scale: int, if_empty: bool, **options) -> None:
        if if_empty and User.objects.exists():
            self.stdout.write("The database has accounts already; no demo data added.")
            return
        accounts = demo.seed()
        cycles_demo.seed()
        observed = observations_demo.seed()
        self.stdout.write("Demo accounts (demo only!), all with password " + demo.DEMO_PASSWORD)
        for email, role in accounts:
            self.stdout.write(f"  {email:28} {role}")
        if any(observed.values()):
            self.stdout.write(
                "Demo observations added: "
                + ", ".join(f"{n} {what}" for what, n in observed.items())
            )
        if scale > 0:
            counts = demo.scale(scale)
            counts.update(cycles_demo.scale())
            counts.update(observations_bulk.scale())
            self.stdout.write(
                "Bulk data added: " + ", ".join(f"{n} {what}" for what, n in counts.items())
            )
