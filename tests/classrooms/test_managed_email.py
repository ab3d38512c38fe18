"""Pupils whose account a teacher created have no e-mail address, and cannot add one."""

import pytest
from django.urls import reverse

from literacy.classrooms.services import pupils_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_managed_pupil_cannot_open_the_email_page_but_other_learners_can(client, cast):
    added = pupils_create(classroom=cast.classroom, names=["سارا يوخنا"], created_by=cast.owner)
    pupil = cast.classroom.memberships.select_related("user").get(user__display_name="سارا يوخنا").user
    assert added and not pupil.email
    client.force_login(pupil)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "kid@example.org"})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    pupil.refresh_from_db()
    assert not pupil.email and not pupil.emailaddress_set.exists()
    client.force_login(UserFactory())
    assert client.get(reverse("account_email")).status_code == 200
