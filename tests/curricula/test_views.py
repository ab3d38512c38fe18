import pytest
from django.urls import reverse

from literacy.curricula.models import Lesson
from literacy.progress.models import LessonProgress
from tests.factories import EditorFactory, LessonFactory, TeacherFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def lesson_url(slug, curriculum="community"):
    return reverse("curricula:lesson", kwargs={"curriculum": curriculum, "slug": slug})


def test_curricula_list_groups_by_audience_in_arabic(client, loaded_content):
    html = client.get(reverse("curricula:list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h2>مجتمعي</h2>" in html
    assert "المسار المجتمعي" in html
    assert "6 دروس" in html


def test_curriculum_page_lists_units_lessons_and_minutes(client, loaded_content):
    html = client.get(reverse("curricula:detail", kwargs={"slug": "community"})).content.decode()
    for slug in ("check-the-claim", "images-and-video", "reporting"):
        assert lesson_url(slug) in html
    assert "الوحدة 1" in html
    assert "دقائق" in html
    assert 'href="/quizzes/community-pre/"' in html and 'href="/quizzes/community-post/"' in html


def test_lesson_page_shows_objectives_body_and_neighbours(client, loaded_content):
    response = client.get(lesson_url("images-and-video"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="post-card' in html
    assert 'rel="prev" href="{}"'.format(lesson_url("check-the-claim")) in html
    assert 'rel="next" href="{}"'.format(lesson_url("manipulation-techniques")) in html
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
    assert "الدروس المنتهية: 1 من 6" in html


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
