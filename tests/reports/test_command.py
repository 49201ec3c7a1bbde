"""manage.py utilisation_report: the file, the progress on stderr, and clear errors with no
file left behind."""

import csv
import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from facilities.models import Building, Municipality
from reports.management.commands import utilisation_report
from tests.reports.conftest import DST_WEEK

pytestmark = pytest.mark.django_db

WEEK = ["--from", DST_WEEK.first.isoformat(), "--to", DST_WEEK.last.isoformat()]


def run(*args: str) -> str:
    """Run the command; its stderr (the progress)."""
    err = io.StringIO()
    call_command("utilisation_report", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_a_csv_of_one_buildings_spaces_by_name(report_world, tmp_path):
    out = tmp_path / "raadhuset.csv"

    progress = run("--building", "Rådhuset", *WEEK, "--format", "csv", "--output", str(out))

    rows = csv_rows(out)
    assert [(row["space"], row["used_hours"], row["utilisation"]) for row in rows] == [
        ("Mødelokale", "34.00", "0.5455"),
        ("Sal", "6.00", "0.0273"),
    ]
    lines = progress.splitlines()
    assert lines[0].startswith("1/2 Computing figures for 1 building… ")
    assert lines[0].endswith(" s")
    assert lines[1].startswith(f"2/2 Writing {out}… ")
    assert lines[2] == f"Wrote {out.stat().st_size} bytes to {out}"
    assert os.listdir(tmp_path) == ["raadhuset.csv"]  # no temporary file left


def test_every_building_by_default_and_a_row_per_building_on_request(report_world, tmp_path):
    out = tmp_path / "buildings.csv"

    progress = run(*WEEK, "--format", "csv", "--rows", "buildings", "--output", str(out))

    assert [(row["building"], row["spaces"]) for row in csv_rows(out)] == [
        ("Biblioteket", "1"),
        ("Rådhuset", "2"),
    ]
    assert "Computing figures for 2 buildings…" in progress


def test_a_fixed_window_and_threshold(report_world, tmp_path):
    out = tmp_path / "evenings.csv"

    run(
        "--building",
        str(report_world.town_hall.pk),
        *WEEK,
        "--window",
        "07:00-22:00",
        "--threshold",
        "10",
        "--format",
        "csv",
        "--output",
        str(out),
    )

    hall = {row["space"]: row for row in csv_rows(out)}["Sal"]
    # 07–22 on 7 days: 105 h; Mon 10–12, Wed 10–13, Thu 15–18 inside it.
    assert (hall["available_hours"], hall["used_hours"]) == ("105.00", "8.00")
    assert (hall["window"], hall["threshold"]) == ("07:00-22:00", "0.1000")


def test_one_building_as_pdf_is_its_report_in_the_language_asked(report_world, tmp_path):
    out = tmp_path / "raadhuset.pdf"

    progress = run(
        "--building",
        "Rådhuset",
        *WEEK,
        "--format",
        "pdf",
        "--language",
        "en",
        "--output",
        str(out),
    )

    text = pdf_text(out)
    assert text.startswith("UtilisationreportRådhusetPeriod:March23,2026–March29,2026")
    assert "Mødelokale102055.034.0" in text
    assert "Biblioteket" not in text
    steps = [line.split("…")[0] for line in progress.splitlines()]
    assert steps == [
        "1/4 Computing figures for 1 building",
        "2/4 Drawing charts and tables",
        "3/4 Laying out the PDF",
        f"4/4 Writing {out}",
        f"Wrote {round(out.stat().st_size / 1024)} KB to {out}",
    ]


def test_several_buildings_as_pdf_are_the_comparison_in_danish_by_default(report_world, tmp_path):
    out = tmp_path / "kommunen.pdf"

    buildings = ["--building", "Rådhuset", "--building", "Biblioteket"]
    run(*buildings, *WEEK, "--format", "pdf", "--output", str(out))

    text = pdf_text(out)
    assert "TestrupKommune" in text
    assert "23.marts2026–29.marts2026" in text
    assert "▼Biblioteket" in text and "▼Rådhuset" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--building", "Slottet"], "No building has the id or name 'Slottet'."),
        (["--building", "999999"], "No building has the id or name '999999'."),
        (["--from", "2026-02-30"], "Bad options. --from: Enter a valid date."),
        (
            ["--from", "2026-03-29", "--to", "2026-03-23"],
            "Bad options. --to: The last day must not be before the first day.",
        ),
        (
            ["--from", "2020-01-01", "--to", "2026-03-23"],
            "Bad options. --to: A report covers at most 3 years; choose a shorter period.",
        ),
        (
            ["--window", "7-22"],
            "--window must be opening-hours or a window such as 07:00-22:00, got '7-22'.",
        ),
        (
            ["--window", "22:00-07:00"],
            "Bad options. --window: The window must close after it opens (00:00 is midnight).",
        ),
        (
            ["--threshold", "0"],
            "Bad options. --threshold: Ensure this value is greater than or equal to 1.",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(report_world, tmp_path, args, message):
    out = tmp_path / "report.csv"

    with pytest.raises(CommandError) as error:
        run(*WEEK, *args, "--format", "csv", "--output", str(out))

    assert str(error.value) == message
    assert os.listdir(tmp_path) == []


def test_a_name_two_municipalities_share_asks_for_the_id(report_world, tmp_path):
    other = Municipality.objects.create(name="Naborup Kommune", code="998")
    twin = Building.objects.create(
        municipality=other,
        name="Rådhuset",
        kind=Building.Kind.TOWN_HALL,
        street_address="Torvet 2",
        postal_code="9998",
        city="Naborup",
        area_m2=900,
    )

    with pytest.raises(CommandError) as error:
        run("--building", "Rådhuset", *WEEK, "--format", "csv", "--output", str(tmp_path / "x"))

    assert str(error.value) == (
        "2 buildings are named 'Rådhuset'; give its id: "
        f"{report_world.town_hall.pk} (Testrup Kommune), {twin.pk} (Naborup Kommune)."
    )


def test_an_output_folder_that_does_not_exist_or_a_folder_as_output(report_world, tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(CommandError) as error:
        run(*WEEK, "--format", "csv", "--output", str(missing / "x.csv"))
    assert str(error.value) == f"--output: the folder {missing} does not exist."

    with pytest.raises(CommandError) as error:
        run(*WEEK, "--format", "csv", "--output", str(tmp_path))
    assert str(error.value) == f"--output {tmp_path} is a folder; give a file name."
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_as_it_was_and_no_temporary_file(
    report_world, tmp_path, monkeypatch
):
    out = tmp_path / "report.csv"
    out.write_text("last month's report")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(utilisation_report.os, "fsync", disk_full)
    with pytest.raises(CommandError, match="No space left on device"):
        run(*WEEK, "--format", "csv", "--output", str(out))

    assert out.read_text() == "last month's report"
    assert os.listdir(tmp_path) == ["report.csv"]


def test_a_failure_while_computing_writes_nothing(report_world, tmp_path, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(utilisation_report.utilisation, "space_rows", broken)
    with pytest.raises(RuntimeError):
        run(*WEEK, "--format", "csv", "--output", str(tmp_path / "report.csv"))

    assert os.listdir(tmp_path) == []


def test_the_written_file_is_readable_by_others_like_any_report(report_world, tmp_path):
    out = tmp_path / "report.csv"
    umask = os.umask(0o022)
    try:
        run(*WEEK, "--format", "csv", "--output", str(out))
    finally:
        os.umask(umask)

    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0o600
