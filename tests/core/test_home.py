"""The home page says only what the site offers, and gives a one-tap start."""

import pytest
from django.urls import reverse

from literacy.curricula.models import Curriculum, Lesson

pytestmark = pytest.mark.django_db


def test_home_lists_the_published_curricula_with_a_start_link_each(
    client, community, django_assert_max_num_queries
):
    Curriculum.objects.filter(slug="university").update(is_published=False)
    with django_assert_max_num_queries(4):
        html = client.get(reverse("core:home")).content.decode()
    for curriculum in Curriculum.objects.filter(is_published=True):
        assert curriculum.title in html
        first = Lesson.objects.filter(unit__curriculum=curriculum).order_by("unit__order", "order").first()
        assert f'href="{first.get_absolute_url()}"' in html
    assert Curriculum.objects.get(slug="university").title not in html, "unpublished: not promised"


def test_the_quick_start_opens_the_first_lesson_of_the_community_track(client, community):
    html = client.get(reverse("core:home")).content.decode()
    first = Lesson.objects.filter(unit__curriculum=community).order_by("unit__order", "order").first()
    start = html.split("ابدأ الآن: الدرس الأول")[0].rsplit("<a ", 1)[1]
    assert f'href="{first.get_absolute_url()}"' in start
    assert client.get(first.get_absolute_url()).status_code == 200, "no account needed"


def test_an_empty_site_promises_no_curriculum(client, db):
    html = client.get(reverse("core:home")).content.decode()
    assert "ابدأ الآن" not in html and "start-list" not in html
