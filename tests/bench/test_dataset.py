"""A reused benchmark data set reports the summary it was built with: the marker row's JSON
gives back an equal Summary, so a script reusing the database prints and uses the same facts."""

import dataclasses
import datetime as dt
import json

from bench.support.dataset import _summary_from
from bench.support.municipality import build


def test_the_stored_summary_reads_back_equal(db):
    summary = build(spaces=12, bookings=300, seed=3, reference=dt.date(2026, 11, 26))

    stored = json.loads(json.dumps(dataclasses.asdict(summary), default=str))

    again = _summary_from(stored)
    assert again == summary
    assert again.past_year == summary.past_year
    assert again.describe() == summary.describe()
