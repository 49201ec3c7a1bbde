"""Helpers shared by the benchmark scripts in bench/ (not scripts themselves: `make bench` runs
every bench/*.py, so reusable code lives in this package)."""
