import time

from django.core.management.base import BaseCommand, CommandParser

from notifications import outbox


class Command(BaseCommand):
    help = (
        "Queue the mail that is due now and send what waits in the outbox. Safe to run at any "
        "time, also twice at once. --every N keeps doing so every N seconds (for `make run`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every: int, **options) -> None:
        while True:
            try:
                result = outbox.send_due()
            except Exception as error:
                if not every:
                    raise
                # A busy database or a mail server away: the next round tries again.
                self.stderr.write(f"send_due_mail: {type(error).__name__}: {error}")
            else:
                if result["queued"] or result["handed_over"] or not every:
                    self.stdout.write(
                        f"{result['queued']} mail queued, {result['handed_over']} handed over"
                    )
            if not every:
                return
            time.sleep(every)
