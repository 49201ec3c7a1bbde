from accounts import password_reset, signup

urlpatterns = [*signup.urlpatterns, *password_reset.urlpatterns]
