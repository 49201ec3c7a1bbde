from accounts import signup

urlpatterns = [*signup.urlpatterns]
