"""The REST API's shared plumbing: one error body, pages, throttles, the schema, the URLs.

The endpoints themselves live with their domain: facilities/api and bookings/api.
"""
