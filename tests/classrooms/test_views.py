"""Classroom pages: the permission matrix, creating a class, joining by code and link, pupils
without e-mail and their login cards, PIN log-in for a whole class."""

import re

import pytest
from django.urls import reverse

from literacy.classrooms.models import Assignment, Classroom, Membership, TeacherApproval
from tests.factories import PASSWORD, ClassroomFactory, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pupil", "other_pupil", "other_teacher", "co_teacher", "owner", "admin"]
# (url name, method, extra kwargs, who may use it: "view" = owner and co-teachers, "owner" = owner)
ROUTES = [
    ("classrooms:detail", "get", {}, "view"),
    ("classrooms:manage", "get", {}, "view"),
    ("classrooms:qr_png", "get", {}, "view"),
    ("classrooms:grid_csv", "get", {}, "view"),
    ("classrooms:quiz_analysis", "get", {"quiz_id": "check"}, "view"),
    ("classrooms:quiz_analysis_csv", "get", {"quiz_id": "check"}, "view"),
    ("classrooms:exports", "get", {}, "view"),
    ("classrooms:pupil", "get", {"user_id": "pupil"}, "view"),
    ("classrooms:assignment_create", "get", {}, "view"),
    ("classrooms:assignment_create", "post", {}, "view"),
    ("classrooms:assignment_delete", "post", {"assignment_id": "assignment"}, "view"),
    ("classrooms:pupils_add", "get", {}, "owner"),
    ("classrooms:pupils_add", "post", {}, "owner"),
    ("classrooms:cards", "get", {}, "owner"),
    ("classrooms:code_regenerate", "post", {}, "owner"),
    ("classrooms:status", "post", {}, "owner"),
    ("classrooms:delete", "post", {}, "owner"),
    ("classrooms:co_teacher_add", "post", {}, "owner"),
    ("classrooms:co_teacher_remove", "post", {"user_id": "co_teacher"}, "owner"),
    ("classrooms:pupil_pin_reset", "post", {"user_id": "pupil"}, "owner"),
    ("classrooms:pupil_remove", "post", {"user_id": "pupil"}, "owner"),
]
POST_DATA = {
    "classrooms:assignment_create": {"target": "pre:{pre}"},
    "classrooms:pupils_add": {"names": "حسين"},
    "classrooms:status": {"status": "closed"},
    "classrooms:delete": {"confirm": "yes"},
    "classrooms:co_teacher_add": {"username": "otherteacher"},
}


def _login(client, cast, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "extra", "who"), ROUTES, ids=[f"{r[0]}-{r[1]}" for r in ROUTES])
def test_permission_matrix(client, cast, course, role, name, method, extra, who):
    assignment = Assignment.objects.create(
        classroom=cast.classroom, kind="lesson", lesson=course.test_lessons[0], created_by=cast.owner
    )
    ids = {
        "check": course.test_check.pk,
        "pupil": cast.pupil.pk,
        "co_teacher": cast.co_teacher.pk,
        "assignment": assignment.pk,
    }
    kwargs = {"pk": cast.classroom.pk, **{key: ids[value] for key, value in extra.items()}}
    url = reverse(name, kwargs=kwargs)
    _login(client, cast, role)
    data = {k: v.format(pre=course.pre_assessment_id) for k, v in POST_DATA.get(name, {}).items()}
    response = client.post(url, data) if method == "post" else client.get(url)
    allowed = role == "owner" or (role == "co_teacher" and who == "view")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == 404
        # The other class's data was not touched.
        assert Classroom.objects.filter(pk=cast.classroom.pk, status="open").exists()


@pytest.mark.parametrize("role", ROLES)
def test_teacher_home_and_creation_are_for_teachers(client, cast, role):
    _login(client, cast, role)
    for name in ["classrooms:list", "classrooms:create"]:
        response = client.get(reverse(name))
        if role == "anonymous":
            assert response.status_code == 302
        elif role in ("owner", "co_teacher", "other_teacher"):
            assert response.status_code == 200
        else:
            assert response.status_code == 404


def test_pupils_see_only_their_own_classes(client, cast, course):
    Assignment.objects.create(classroom=cast.classroom, kind="pre", quiz=course.pre_assessment)
    Assignment.objects.create(classroom=cast.other_classroom, kind="lesson", lesson=course.test_lessons[2])
    client.force_login(cast.pupil)
    html = client.get(reverse("classrooms:mine")).content.decode()
    assert cast.classroom.name in html and course.pre_assessment.title in html
    assert cast.other_classroom.name not in html and course.test_lessons[2].title not in html


def test_pupil_emails_never_reach_teacher_pages(client, cast, course):
    pupil = UserFactory(username="withmail", email="secret-pupil@example.com", display_name="نور")
    Membership.objects.create(classroom=cast.classroom, user=pupil)
    Assignment.objects.create(classroom=cast.classroom, kind="lesson", lesson=course.test_lessons[0])
    client.force_login(cast.owner)
    for url in [
        reverse("classrooms:detail", kwargs={"pk": cast.classroom.pk}),
        reverse("classrooms:pupil", kwargs={"pk": cast.classroom.pk, "user_id": pupil.pk}),
        reverse("classrooms:cards", kwargs={"pk": cast.classroom.pk}),
        reverse("classrooms:grid_csv", kwargs={"pk": cast.classroom.pk}),
        reverse("classrooms:list"),
    ]:
        body = client.get(url).content.decode("utf-8-sig")
        assert "نور" in body or url.endswith("/classes/")
        assert "secret-pupil@example.com" not in body


# --- Creating a class ----------------------------------------------------------------------------


def test_a_verified_teacher_creates_a_class_and_gets_code_link_and_qr(client, course):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(
        reverse("classrooms:create"),
        {"name": "الثاني ب", "school": "متوسطة الرافدين", "stage": "الثاني المتوسط", "curriculum": course.pk},
    )
    classroom = Classroom.objects.get(owner=teacher)
    assert response["Location"] == reverse("classrooms:manage", kwargs={"pk": classroom.pk})
    html = client.get(response["Location"]).content.decode()
    assert classroom.join_code in html
    assert f"http://testserver/classes/join/{classroom.join_code}/" in html
    assert "<svg" in html and 'class="qr"' in html
    png = client.get(reverse("classrooms:qr_png", kwargs={"pk": classroom.pk}))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_an_unverified_teacher_cannot_create_a_class(client, course):
    teacher = TeacherFactory(verified=False)
    client.force_login(teacher)
    response = client.post(reverse("classrooms:create"), {"name": "صف", "curriculum": course.pk})
    assert response.status_code == 200
    assert "أكّد" in response.content.decode() or "confirm" in response.content.decode().lower()
    assert not Classroom.objects.exists()


def test_with_approval_required_a_teacher_waits_for_an_admin(client, course, settings):
    settings.WAI_TEACHER_APPROVAL = True
    teacher = TeacherFactory()
    client.force_login(teacher)
    client.post(reverse("classrooms:create"), {"name": "صف", "curriculum": course.pk})
    assert not Classroom.objects.exists()
    TeacherApproval.objects.create(user=teacher)
    teacher.refresh_from_db()
    client.post(reverse("classrooms:create"), {"name": "صف", "curriculum": course.pk})
    assert Classroom.objects.filter(owner=teacher).count() == 1


def test_the_owner_closes_reopens_and_regenerates_the_code(client, cast):
    client.force_login(cast.owner)
    pk = cast.classroom.pk
    old = cast.classroom.join_code
    client.post(reverse("classrooms:code_regenerate", kwargs={"pk": pk}))
    cast.classroom.refresh_from_db()
    assert cast.classroom.join_code != old
    client.post(reverse("classrooms:status", kwargs={"pk": pk}), {"status": "closed"})
    cast.classroom.refresh_from_db()
    assert cast.classroom.status == "closed"
    client.post(reverse("classrooms:status", kwargs={"pk": pk}), {"status": "open"})
    cast.classroom.refresh_from_db()
    assert cast.classroom.status == "open"


def test_only_the_owner_archives_and_an_archived_class_is_read_only(client, cast, course):
    pk = cast.classroom.pk
    client.force_login(cast.co_teacher)
    assert (
        client.post(reverse("classrooms:status", kwargs={"pk": pk}), {"status": "archived"}).status_code
        == 404
    )
    client.force_login(cast.owner)
    client.post(reverse("classrooms:status", kwargs={"pk": pk}), {"status": "archived"})
    cast.classroom.refresh_from_db()
    assert cast.classroom.is_archived
    assert client.get(reverse("classrooms:detail", kwargs={"pk": pk})).status_code == 200
    for who in (cast.owner, cast.co_teacher):
        client.force_login(who)
        response = client.post(
            reverse("classrooms:assignment_create", kwargs={"pk": pk}),
            {"target": f"pre:{course.pre_assessment_id}"},
        )
        assert response.status_code == 404
    assert not Assignment.objects.filter(classroom_id=pk).exists()


# --- Joining -------------------------------------------------------------------------------------


def test_join_by_code_form_for_a_logged_in_learner(client, cast):
    learner = PupilFactory()
    client.force_login(learner)
    response = client.get(reverse("classrooms:join"), {"code": cast.classroom.join_code.lower()})
    assert response["Location"] == f"/classes/join/{cast.classroom.join_code}/"
    page = client.get(response["Location"])
    assert cast.classroom.name in page.content.decode()
    assert not Membership.objects.filter(user=learner).exists()  # a GET writes nothing
    client.post(response["Location"])
    assert Membership.objects.filter(user=learner, classroom=cast.classroom, role="pupil").exists()


def test_join_link_when_logged_out_goes_through_log_in_and_back(client, cast):
    learner = PupilFactory()
    link = f"/classes/join/{cast.classroom.join_code}/"
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    response = client.post(response["Location"], {"login": learner.username, "password": PASSWORD})
    assert response["Location"] == link
    client.post(link)
    assert Membership.objects.filter(user=learner, classroom=cast.classroom).exists()


def test_join_link_through_sign_up_lands_in_the_class(client, cast):
    link = f"/classes/join/{cast.classroom.join_code}/"
    response = client.post(
        f"/accounts/signup/?next={link}",
        {
            "role": "learner",
            "username": "newpupil",
            "password1": "a-Strong-pass-2026",
            "password2": "a-Strong-pass-2026",
            "next": link,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == link
    client.post(link)
    assert Membership.objects.filter(user__username="newpupil", classroom=cast.classroom).exists()


@pytest.mark.parametrize(("status", "message"), [("closed", "مغلق"), ("archived", "مؤرشف")])
def test_closed_or_archived_class_refused_with_an_arabic_message(client, cast, status, message):
    cast.classroom.status = status
    cast.classroom.save(update_fields=["status"])
    learner = PupilFactory()
    client.force_login(learner)
    link = f"/classes/join/{cast.classroom.join_code}/"
    for response in (client.get(link), client.post(link)):
        assert message in response.content.decode()
    assert not Membership.objects.filter(user=learner).exists()


def test_an_unknown_code_answers_404_in_arabic(client):
    client.force_login(PupilFactory())
    response = client.get("/classes/join/XXXXXX/")
    assert response.status_code == 404
    assert "لا يوجد صف" in response.content.decode()


# --- Pupils without e-mail -----------------------------------------------------------------------


@pytest.fixture
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _cards(html):
    usernames = re.findall(r'class="login-card-username">([^<]+)<', html)
    pins = re.findall(r'class="login-card-pin">([^<]+)<', html)
    return usernames, pins


def test_bulk_add_reports_duplicates_and_shows_pins_once(client, cast, fast_hashes):
    client.force_login(cast.owner)
    pk = cast.classroom.pk
    names = "عَلِيّ\nمريم حسين\nمَرْيَم حُسَيْن\nكرار"  # علي is in the class already
    response = client.post(reverse("classrooms:pupils_add", kwargs={"pk": pk}), {"names": names}, follow=True)
    html = response.content.decode()
    usernames, pins = _cards(html)
    assert len(usernames) == 2 and len(pins) == 2
    assert all(len(pin) == 6 and pin.isdigit() for pin in pins)
    assert "مَرْيَم حُسَيْن" in html and "عَلِيّ" in html  # both reported
    assert "<svg" in html  # the join link's QR on each card
    # Shown once: the next visit lists the cards without PINs.
    usernames_again, pins_again = _cards(
        client.get(reverse("classrooms:cards", kwargs={"pk": pk})).content.decode()
    )
    assert pins_again == [] and set(usernames) <= set(usernames_again)


def test_reset_pin_shows_the_new_pin_once(client, cast, fast_hashes):
    client.force_login(cast.owner)
    pk = cast.classroom.pk
    client.post(reverse("classrooms:pupils_add", kwargs={"pk": pk}), {"names": "زهراء"})
    client.get(reverse("classrooms:cards", kwargs={"pk": pk}))
    pupil = Membership.objects.get(classroom_id=pk, user__display_name="زهراء").user
    response = client.post(
        reverse("classrooms:pupil_pin_reset", kwargs={"pk": pk, "user_id": pupil.pk}), follow=True
    )
    usernames, pins = _cards(response.content.decode())
    assert usernames == [pupil.username] and len(pins) == 1
    pupil.refresh_from_db()
    assert pupil.check_password(pins[0])


def test_forty_pupils_log_in_with_their_cards_from_one_address(client, cast, fast_hashes):
    client.force_login(cast.owner)
    pk = cast.classroom.pk
    names = "\n".join(f"تلميذ رقم {n}" for n in range(1, 41))
    html = client.post(
        reverse("classrooms:pupils_add", kwargs={"pk": pk}), {"names": names}, follow=True
    ).content.decode()
    usernames, pins = _cards(html)
    assert len(usernames) == len(pins) == 40
    client.logout()
    for username, pin in zip(usernames, pins, strict=True):
        response = client.post(
            reverse("account_login"), {"login": username, "password": pin}, REMOTE_ADDR="10.0.0.7"
        )
        assert response.status_code == 302, f"{username} was refused"
        assert client.session["_auth_user_id"]
        client.logout()


def test_wrong_pins_are_throttled_by_allauth(client, cast, fast_hashes):
    from literacy.classrooms.services import pupils_create

    ((user, pin),) = pupils_create(classroom=cast.classroom, names=["سجاد"], created_by=cast.owner).created
    wrong = "000000" if pin != "000000" else "111111"
    answers = [
        client.post(reverse("account_login"), {"login": user.username, "password": wrong}).content.decode()
        for _ in range(8)
    ]
    assert "تجاوزت الحد المسموح" in answers[-1]
    # Even the right PIN is refused while the account is locked.
    client.post(reverse("account_login"), {"login": user.username, "password": pin})
    assert "_auth_user_id" not in client.session


def test_remove_a_pupil_from_the_class(client, cast):
    client.force_login(cast.owner)
    client.post(
        reverse("classrooms:pupil_remove", kwargs={"pk": cast.classroom.pk, "user_id": cast.pupil.pk})
    )
    assert not Membership.objects.filter(user=cast.pupil).exists()
    cast.pupil.refresh_from_db()
    assert cast.pupil.is_active


def test_co_teacher_added_by_username_sees_the_class(client, cast):
    third = TeacherFactory(username="third")
    client.force_login(cast.owner)
    client.post(reverse("classrooms:co_teacher_add", kwargs={"pk": cast.classroom.pk}), {"username": "third"})
    client.force_login(third)
    assert client.get(reverse("classrooms:detail", kwargs={"pk": cast.classroom.pk})).status_code == 200
    home = client.get(reverse("classrooms:list")).content.decode()
    assert cast.classroom.name in home


def test_the_header_links_teachers_and_learners_to_their_classes(client, cast):
    client.force_login(cast.owner)
    assert 'href="/classes/"' in client.get("/").content.decode()
    client.force_login(cast.pupil)
    assert 'href="/classes/mine/"' in client.get("/").content.decode()


def test_a_class_owner_cannot_be_found_through_another_class(client, cast):
    client.force_login(cast.owner)
    url = reverse("classrooms:pupil", kwargs={"pk": cast.classroom.pk, "user_id": cast.other_pupil.pk})
    assert client.get(url).status_code == 404
    ClassroomFactory(owner=cast.owner)


@pytest.mark.parametrize("code", ["AB/CD", "رمز", "A B C"])
def test_odd_codes_in_the_join_form_are_refused_or_cleaned(client, code):
    client.force_login(PupilFactory())
    response = client.get(reverse("classrooms:join"), {"code": code})
    if code == "A B C":
        assert response["Location"] == "/classes/join/ABC/"
    else:
        assert response.status_code == 200
        assert "أحرف لاتينية" in response.content.decode()
