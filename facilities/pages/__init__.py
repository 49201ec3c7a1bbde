"""Facility managers' pages for their buildings: closures and opening-hours exceptions."""
