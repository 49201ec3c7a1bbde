from bookings.pages import applications_urls, book, find, follow, manage, rounds_urls

app_name = "bookings"

urlpatterns = [
    *find.urlpatterns,
    *book.urlpatterns,
    *follow.urlpatterns,
    *manage.urlpatterns,
    *rounds_urls.urlpatterns,
    *applications_urls.urlpatterns,
]
