from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Municipality"), {"fields": ("phone", "is_municipal_administrator")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_municipal_administrator")
    list_filter = ("is_municipal_administrator", "is_staff", "is_active")
