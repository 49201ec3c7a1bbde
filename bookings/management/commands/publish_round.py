from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from bookings.errors import BookingError
from bookings.management import add_moment_argument, moment_option
from bookings.models import AllocationRound
from bookings.rounds.publish import round_publish


class Command(BaseCommand):
    help = (
        "Publish a proposed seasonal allocation round: book every allocated slot for the "
        "season and e-mail each association its result. The same as the round's Publish "
        "button, for rounds too big to publish within a web request's time limit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", type=int, help="The round's id (its page is /rounds/<id>/).")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The manager or administrator who publishes (the bookings' timeline names them).",
        )
        add_moment_argument(parser)

    def handle(self, *args, **options) -> None:
        try:
            allocation_round = AllocationRound.objects.get(pk=options["round"])
        except AllocationRound.DoesNotExist as exc:
            raise CommandError(f"No allocation round with id {options['round']}.") from exc
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        self.stderr.write(f"Publishing {allocation_round.name}…")
        try:
            report = round_publish(
                round=allocation_round, user=user, now=moment_option(options["now"])
            )
        except BookingError as exc:
            raise CommandError(f"{exc.message} ({exc.code}); nothing was booked.") from exc
        self.stdout.write(
            f"Published {allocation_round.name}: {len(report.slots)} series, "
            f"{report.bookings} bookings, {len(report.missed)} dates not booked, "
            f"{report.emails} e-mails."
        )
