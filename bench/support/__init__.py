"""Helpers shared by the benchmark scripts in bench/ (not scripts themselves: `make bench` runs
every bench/*.py, so reusable code lives in this package)."""

SEED = 20261126  # the generated data's default seed; here so it is known before Django is set up
