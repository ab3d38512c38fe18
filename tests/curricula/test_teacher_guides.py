"""The teachers' guides index of a curriculum: teachers and editors only, one page for every lesson."""

import pytest
from django.urls import reverse

from tests.factories import (
    CurriculumFactory,
    EditorFactory,
    LessonFactory,
    PupilFactory,
    TeacherFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def guides_url(slug="community"):
    return reverse("curricula:guides", kwargs={"slug": slug})


def guide_url(lesson_slug, curriculum="community"):
    return reverse("curricula:guide", kwargs={"curriculum": curriculum, "slug": lesson_slug})


def test_teacher_sees_every_lesson_guide_of_the_curriculum(client, loaded_content):
    from literacy.curricula.models import Lesson

    client.force_login(TeacherFactory())
    response = client.get(guides_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>أدلة المعلم" in html
    lessons = Lesson.objects.filter(
        unit__curriculum__slug="community", is_published=True, unit__is_published=True
    )
    assert lessons.count() > 3
    for lesson in lessons:
        assert guide_url(lesson.slug) in html, lesson.slug
        for objective in lesson.objectives:
            assert objective in html
    # in curriculum order
    positions = [html.index(guide_url(lesson.slug)) for lesson in lessons.order_by("unit__order", "order")]
    assert positions == sorted(positions)


def test_the_curriculum_page_links_the_index_for_teachers_and_editors_only(client, loaded_content):
    detail = reverse("curricula:detail", kwargs={"slug": "community"})
    assert guides_url() not in client.get(detail).content.decode()
    for user in (UserFactory(), PupilFactory()):
        client.force_login(user)
        assert guides_url() not in client.get(detail).content.decode()
    for user in (TeacherFactory(), EditorFactory()):
        client.force_login(user)
        html = client.get(detail).content.decode()
        assert guides_url() in html and "أدلة المعلم لكل الدروس" in html
        # and each lesson's guide leads back to the index
        assert guides_url() in client.get(guide_url("reporting")).content.decode()


def test_others_get_404_and_guests_the_log_in(client, loaded_content):
    response = client.get(guides_url())
    assert response.status_code == 302 and reverse("account_login") in response.url
    for user in (UserFactory(), PupilFactory()):
        client.force_login(user)
        assert client.get(guides_url()).status_code == 404
    client.force_login(TeacherFactory())
    assert client.get(guides_url("no-such-curriculum")).status_code == 404


def test_unpublished_curricula_and_lessons_only_for_editors(client):
    hidden = CurriculumFactory(is_published=False)
    client.force_login(TeacherFactory())
    assert client.get(guides_url(hidden.slug)).status_code == 404
    curriculum = CurriculumFactory()
    unit = UnitFactory(curriculum=curriculum)
    shown = LessonFactory(unit=unit)
    draft = LessonFactory(unit=unit, is_published=False)
    without_guide = LessonFactory(unit=unit, teacher_guide_source="", teacher_guide_html="")
    html = client.get(guides_url(curriculum.slug)).content.decode()
    assert guide_url(shown.slug, curriculum.slug) in html
    assert draft.title not in html
    assert without_guide.title in html and guide_url(without_guide.slug, curriculum.slug) not in html
    assert "لا دليل بعد" in html
    client.force_login(EditorFactory())
    assert client.get(guides_url(hidden.slug)).status_code == 200
    assert draft.title in client.get(guides_url(curriculum.slug)).content.decode()


def test_query_count_does_not_grow_with_lessons(client, django_assert_max_num_queries):
    curriculum = CurriculumFactory()
    client.force_login(TeacherFactory())
    LessonFactory(unit=UnitFactory(curriculum=curriculum))
    with django_assert_max_num_queries(8) as small:
        assert client.get(guides_url(curriculum.slug)).status_code == 200
    for _ in range(4):
        unit = UnitFactory(curriculum=curriculum)
        LessonFactory.create_batch(6, unit=unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(guides_url(curriculum.slug)).content.decode()
    assert html.count('href="/curricula/' + curriculum.slug + "/lesson-") >= 25
