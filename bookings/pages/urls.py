from bookings.pages import book, find, follow, manage

app_name = "bookings"

urlpatterns = [*find.urlpatterns, *book.urlpatterns, *follow.urlpatterns, *manage.urlpatterns]
