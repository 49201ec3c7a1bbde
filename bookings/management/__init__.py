import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_moment_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--now",
        help="Act as if it were this ISO 8601 date-time (for tests and backfills); "
        "without an offset it is Copenhagen time.",
    )


def moment_option(value: object) -> dt.datetime:
    """The --now of the periodic commands: an aware datetime, or ISO 8601 text.

    Text without an offset is local time (settings.TIME_ZONE). None means the current time.
    """
    if value is None:
        return timezone.now()
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise CommandError(f"--now must be an ISO 8601 date-time, got {value!r}.") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
