import pytest
from django.urls import reverse

from literacy.curricula.models import Lesson
from literacy.progress.models import LessonProgress
from tests.factories import EditorFactory, LessonFactory, TeacherFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def lesson_url(slug, curriculum="community"):
    return reverse("curricula:lesson", kwargs={"curriculum": curriculum, "slug": slug})


def community_lesson_count():
    return Lesson.objects.filter(
        unit__curriculum__slug="community", unit__is_published=True, is_published=True
    ).count()


def test_curricula_list_groups_by_audience_in_arabic(client, loaded_content):
    from django.utils import translation

    html = client.get(reverse("curricula:list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h2>مجتمعي</h2>" in html
    assert "المسار المجتمعي" in html
    count = community_lesson_count()
    with translation.override("ar"):
        lessons = translation.ngettext("%(counter)s lesson", "%(counter)s lessons", count) % {
            "counter": count
        }
    assert any("\u0600" <= ch <= "\u06ff" for ch in lessons), f"{lessons!r}: said in Arabic"
    card = html[html.index("المسار المجتمعي") :]
    assert lessons in card[: card.index("</li>")], "on the community card"


def test_curriculum_page_lists_units_lessons_and_minutes(client, loaded_content):
    html = client.get(reverse("curricula:detail", kwargs={"slug": "community"})).content.decode()
    for slug in ("check-the-claim", "images-and-video", "reporting"):
        assert lesson_url(slug) in html
    assert "الوحدة 1" in html
    assert "دقائق" in html
    assert 'href="/quizzes/community-pre/"' in html and 'href="/quizzes/community-post/"' in html


def test_lesson_page_shows_objectives_body_and_neighbours(client, loaded_content):
    from literacy.curricula.loader import read_content
    from tests.curricula.conftest import CONTENT

    # Neighbours follow the order of content/curricula/community.yaml, across units.
    units = next(c for c in read_content(CONTENT).curricula if c.slug == "community").units
    order = [slug for unit in units for slug in unit.lessons]
    index = order.index("images-and-video")
    assert 0 < index < len(order) - 1 and len(units) > 1
    response = client.get(lesson_url("images-and-video"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="post-card' in html
    previous_url, next_url = lesson_url(order[index - 1]), lesson_url(order[index + 1])
    assert f'rel="prev" href="{previous_url}"' in html
    assert f'rel="next" href="{next_url}"' in html
    unit_end = client.get(lesson_url(units[0].lessons[-1])).content.decode()
    next_unit_url = lesson_url(units[1].lessons[0])
    assert f'rel="next" href="{next_unit_url}"' in unit_end, "the last lesson of a unit leads on"
    assert "في هذا الدرس ستتعلم أن" in html
    assert "css/print.css" in html
    assert 'href="/quizzes/images-and-video-quiz/"' in html, "the lesson links to its quiz"


def test_lesson_of_another_curriculum_url_is_404(client, loaded_content):
    assert client.get(lesson_url("reporting", curriculum="other")).status_code == 404


@pytest.mark.parametrize("n", [2, 12])
def test_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    unit = UnitFactory()
    lessons = LessonFactory.create_batch(n, unit=unit)
    UnitFactory.create_batch(n, curriculum=unit.curriculum)
    user = UserFactory()
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("curricula:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(unit.curriculum.get_absolute_url()).status_code == 200
    # Includes recording "started" on first view (get_or_create in a savepoint).
    with django_assert_max_num_queries(16):
        assert client.get(lessons[n // 2].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("curricula:search"), {"q": "درس"}).status_code == 200


def test_unpublished_lessons_are_404_for_learners_and_previewable_by_editors(client, loaded_content):
    Lesson.objects.filter(slug="reporting").update(is_published=False)
    client.force_login(UserFactory())
    assert client.get(lesson_url("reporting")).status_code == 404
    assert (
        lesson_url("reporting")
        not in client.get(reverse("curricula:detail", kwargs={"slug": "community"})).content.decode()
    )
    client.force_login(EditorFactory())
    response = client.get(lesson_url("reporting"))
    assert response.status_code == 200
    assert "معاينة" in response.content.decode()


def test_teacher_guide_is_for_teachers_and_editors_only(client, loaded_content):
    url = reverse("curricula:guide", kwargs={"curriculum": "community", "slug": "reporting"})
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert url not in client.get(lesson_url("reporting")).content.decode()
    client.force_login(TeacherFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "دليل المعلم" in response.content.decode()
    assert url in client.get(lesson_url("reporting")).content.decode()


def test_search_finds_lessons_whatever_the_arabic_spelling(client, loaded_content):
    response = client.get(reverse("curricula:search"), {"q": "البحث العكسى عن الصوره"})
    html = response.content.decode()
    assert lesson_url("images-and-video") in html
    assert lesson_url("share-responsibly") not in html
    response = client.get(reverse("curricula:search"), {"q": "لا توجد كلمة كهذه أبدا"})
    assert "لا يوجد درس" in response.content.decode()


def test_search_matches_folded_forms(db):
    from literacy.curricula.selectors import lesson_search

    LessonFactory(title="أخبارٌ كاذبة في المجموعة")
    LessonFactory(title="درس آخر")
    results = lesson_search(query="اخبار كاذبه", user=UserFactory())
    assert [lesson.title for lesson in results] == ["أخبارٌ كاذبة في المجموعة"]


def test_mark_as_done_records_progress_once(client, loaded_content):
    user = UserFactory()
    client.force_login(user)
    client.get(lesson_url("reporting"))
    lesson = Lesson.objects.get(slug="reporting")
    progress = LessonProgress.objects.get(user=user, lesson=lesson)
    assert progress.completed_at is None
    url = reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk})
    assert client.post(url).status_code == 302
    first = LessonProgress.objects.get(user=user, lesson=lesson).completed_at
    client.post(url)
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at == first
    html = client.get(reverse("curricula:detail", kwargs={"slug": "community"})).content.decode()
    assert f"الدروس المنتهية: 1 من {community_lesson_count()}" in html


def test_guests_can_mark_done_but_only_visible_lessons(client, loaded_content):
    lesson = Lesson.objects.get(slug="reporting")
    url = reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk})
    response = client.post(url)
    assert response.status_code == 302 and response.url == lesson_url("reporting")
    guest_row = LessonProgress.objects.get()
    assert guest_row.user is None and guest_row.guest_token and guest_row.completed_at
    assert "أنهيت هذا الدرس" in client.get(lesson_url("reporting")).content.decode()
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
