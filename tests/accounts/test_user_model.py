"""One account per e-mail address, whatever its case: the database holds the rule too."""

import pytest
from django.db import IntegrityError

from accounts.models import User


def test_the_database_refuses_a_second_account_with_the_same_address_in_another_case(db):
    User.objects.create_user(username="karen", email="karen@example.org")

    with pytest.raises(IntegrityError):
        User.objects.create_user(username="karen2", email="Karen@Example.org")


def test_accounts_without_an_address_may_be_many(db):
    User.objects.create_user(username="drift1")
    User.objects.create_user(username="drift2")

    assert User.objects.filter(email="").count() == 2
