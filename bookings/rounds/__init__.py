"""Seasonal allocation rounds (issue 10): the services around bookings/models/rounds.py.

- setup.py: creating a round with its default priority categories; the round's spaces.
- applications.py: an association's application and its wishes, editable until the window
  closes; the status an association sees. wish_checks.py checks each option like a booking.
- slots.py: when a weekly slot is free in a space over the season (existing bookings, other
  allocated slots, buffers) and whether the space's policy allows it.
- allocation.py: the proposal: priority categories, the tie-break, alternatives, reasons.
- reasons.py: the stable reason codes for unmet wishes and their messages.
- proposal.py: a manager moves or removes an allocated slot before publishing.
- publish.py: every allocated slot becomes a series for the season (bookings/series_allocation);
  result_email.py tells each association its result, with the reasons and how to complain.
The rules, in plain words: docs/allocation.md. The round's report: reports/rounds.py.
"""
