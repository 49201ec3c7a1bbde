"""The booking pages (server-rendered): find, book, follow, manage. Thin views over the services.

Each module owns its routes (`urlpatterns`); bookings/pages/urls.py puts them together.
"""
