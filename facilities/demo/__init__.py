"""The demo municipality (Egeskov Kommune): fictional data and the idempotent seed behind
`manage.py seed_demo`.

Modules: places/spaces/people hold the data; seed_places/seed_people the upsert steps;
service the entry point `demo_seed` and the list of steps it runs.
"""

from facilities.demo.people import DEMO_PASSWORD
from facilities.demo.service import (
    SEED_REFUSED_IN_PRODUCTION,
    SEED_STEPS,
    DemoLogin,
    DemoSeedError,
    DemoSummary,
    demo_seed,
)

__all__ = [
    "DEMO_PASSWORD",
    "SEED_REFUSED_IN_PRODUCTION",
    "SEED_STEPS",
    "DemoLogin",
    "DemoSeedError",
    "DemoSummary",
    "demo_seed",
]
