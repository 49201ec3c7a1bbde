from facilities.pages import closures

app_name = "facilities"

urlpatterns = [*closures.urlpatterns]
