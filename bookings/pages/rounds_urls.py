"""Seasonal allocation rounds: URLs (filled in by issue 10's pages)."""

urlpatterns: list = []
