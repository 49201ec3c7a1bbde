"""manage.py utilisation_report: the utilisation report as a PDF or CSV file, from the shell.

    manage.py utilisation_report --building 3 --building "Egeskov Skole" \\
        --from 2025-11-01 --to 2026-10-31 --format pdf --output rapport.pdf

One building and PDF: that building's report; several (or none: all) and PDF: the comparison.
CSV: one row per space (or per building with --rows buildings). Options are checked by the same
form as the report pages' query (reports/forms.py). Progress goes to stderr; the file is
written to a temporary file beside the target and renamed, so it is never left half-written.
"""

import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from facilities.models import Building
from reports import csv_export, pdf, utilisation
from reports.forms import WINDOW_FIXED, WINDOW_OPENING_HOURS, Options, report_options
from reports.scope import Scope

T = TypeVar("T")
WINDOW = re.compile(r"^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")
OPTION_NAMES = {
    "first": "--from",
    "last": "--to",
    "window": "--window",
    "opens": "--window",
    "closes": "--window",
    "threshold": "--threshold",
}


class Command(BaseCommand):
    help = (
        "Write the utilisation report of one or more buildings (default: all) as PDF or CSV. "
        "One building as PDF is its building report; several are the comparison."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--building",
            action="append",
            dest="buildings",
            default=[],
            metavar="ID_OR_NAME",
            help="A building's id or exact name; repeat for more. None: every building.",
        )
        parser.add_argument(
            "--from",
            dest="first",
            metavar="YYYY-MM-DD",
            help="First day of the period (default: the first day of the last 12 whole months).",
        )
        parser.add_argument(
            "--to",
            dest="last",
            metavar="YYYY-MM-DD",
            help="Last day of the period, inclusive (default: the last day of last month).",
        )
        parser.add_argument(
            "--window",
            default="opening-hours",
            help="opening-hours (the default), or a fixed daily window such as 07:00-22:00.",
        )
        parser.add_argument(
            "--threshold",
            default="30",
            metavar="PERCENT",
            help="Flag spaces and buildings with a utilisation under this (1-100, default 30).",
        )
        parser.add_argument("--format", dest="fmt", choices=("pdf", "csv"), required=True)
        parser.add_argument(
            "--rows",
            choices=("spaces", "buildings"),
            default="spaces",
            help="CSV only: one row per space (the default) or one row per building.",
        )
        parser.add_argument("--output", required=True, metavar="PATH")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The PDF's language (default: %(default)s).",
        )

    def handle(self, *args, **options) -> None:
        # Errors and progress are in English, like the other commands; the PDF in --language.
        with translation.override("en"):
            report = _report_options(options)
            target = _target(options["output"])
            buildings = _buildings(options["buildings"])
        with translation.override(options["language"]):
            data = self._make(options, report, buildings)
        self._step(f"Writing {target}…", lambda: write_atomically(target, data))
        self._say(f"Wrote {_size(len(data))} to {target}")

    def _make(self, options: dict, report: Options, buildings: list[Building] | None) -> bytes:
        ids = None if buildings is None else tuple(building.pk for building in buildings)
        count = Building.objects.count() if ids is None else len(ids)
        kwargs = {"period": report.period, "window": report.window, "threshold": report.threshold}
        computing = f"Computing figures for {count} building{'s' if count != 1 else ''}…"
        if options["fmt"] == "csv":
            self.steps = 2
            if options["rows"] == "buildings":
                rows = self._step(
                    computing, lambda: utilisation.building_rows(scope=Scope(ids), **kwargs)
                )
                return csv_export.buildings_csv(rows, **kwargs)
            rows = self._step(computing, lambda: utilisation.space_rows(scope=Scope(ids), **kwargs))
            return csv_export.spaces_csv(rows, **kwargs)

        self.steps = 4
        if ids is not None and len(ids) == 1:
            building_report = self._step(
                computing, lambda: utilisation.building_report(building_id=ids[0], **kwargs)
            )
            html = self._step(
                "Drawing charts and tables…", lambda: pdf.building_html(building_report)
            )
        else:
            rows = self._step(
                computing, lambda: utilisation.building_rows(scope=Scope(ids), **kwargs)
            )
            subject = pdf.comparison_subject(ids)
            html = self._step(
                "Drawing charts and tables…",
                lambda: pdf.comparison_html(rows=rows, subject=subject, **kwargs),
            )
        return self._step("Laying out the PDF…", lambda: pdf.html_to_pdf(html))

    steps = 1
    _done = 0

    def _say(self, message: str) -> None:
        self.stderr.write(message, style_func=str)  # plain, not the error colour

    def _step(self, message: str, work: Callable[[], T]) -> T:
        """Say what is being done (n/steps), do it, say how long it took."""
        self._done += 1
        self.stderr.write(f"{self._done}/{self.steps} {message}", ending="", style_func=str)
        self.stderr.flush()
        started = time.perf_counter()
        result = work()
        self.stderr.write(f" {time.perf_counter() - started:.2f} s", style_func=str)
        return result


def _report_options(options: dict) -> Options:
    """The command's options through the report pages' own form (same rules, same defaults)."""
    window = options["window"].strip().lower()
    data = {"first": options["first"] or "", "last": options["last"] or ""}
    data["threshold"] = options["threshold"]
    if window in ("opening-hours", "opening_hours"):
        data["window"] = WINDOW_OPENING_HOURS
    elif match := WINDOW.match(window):
        opens, closes = match.groups()
        data |= {"window": WINDOW_FIXED, "opens": opens, "closes": _midnight(closes)}
    else:
        raise CommandError(
            f"--window must be opening-hours or a window such as 07:00-22:00, got {window!r}."
        )
    form, report = report_options(data)
    if report is None:
        problems = [
            f"{OPTION_NAMES.get(field, field)}: {' '.join(str(error) for error in errors)}"
            for field, errors in form.errors.items()
        ]
        raise CommandError("Bad options. " + " ".join(problems))
    return report


def _midnight(value: str) -> str:
    return "00:00" if value == "24:00" else value


def _buildings(values: list[str]) -> list[Building] | None:
    """The buildings asked for, by id or exact name, in that order; None for all."""
    if not values:
        return None
    chosen: dict[int, Building] = {}
    for value in values:
        building = _building(value.strip())
        chosen.setdefault(building.pk, building)
    return list(chosen.values())


def _building(value: str) -> Building:
    if value.isdigit() and (building := Building.objects.filter(pk=int(value)).first()):
        return building
    matches = list(Building.objects.filter(name=value).select_related("municipality")[:10])
    if not matches:
        raise CommandError(f"No building has the id or name {value!r}.")
    if len(matches) > 1:
        ids = ", ".join(f"{b.pk} ({b.municipality.name})" for b in matches)
        raise CommandError(f"{len(matches)} buildings are named {value!r}; give its id: {ids}.")
    return matches[0]


def _target(output: str) -> Path:
    """The output path, checked before any work is done."""
    path = Path(output).expanduser()
    if path.is_dir():
        raise CommandError(f"--output {output} is a folder; give a file name.")
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(f"--output: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"--output: cannot write in the folder {folder}.")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over the target: a reader
    (or a crash) never sees half a file."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise CommandError(f"Cannot write in {path.parent}: {exc.strerror}.") from exc
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a report is not
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _size(count: int) -> str:
    return f"{count} bytes" if count < 1024 else f"{round(count / 1024):,} KB"
