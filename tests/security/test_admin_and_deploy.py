"""The Django admin logs in through allauth (one form, one set of rate limits), and the deploy
check refuses the settings that are fine on a laptop and unsafe on a server."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_settings import PROD_ENV, run_python
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LIMITED = "تجاوزت الحد المسموح"


def test_the_admin_sends_visitors_to_allauths_log_in(client):
    index = reverse("admin:index")
    response = client.get(index, follow=True)
    chain = [url for url, _status in response.redirect_chain]
    assert chain[-1] == f"{reverse('account_login')}?next={index}"
    assert response.status_code == 200 and 'name="login"' in response.content.decode()


def test_the_admins_own_log_in_form_checks_no_password(client, cast):
    url = reverse("admin:login")
    for _ in range(14):
        response = client.post(url, {"username": cast.admin.username, "password": "wrong-guess"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post(url, {"username": cast.admin.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_wrong_admin_passwords_are_throttled_like_every_log_in(client, cast):
    login = f"{reverse('account_login')}?next={reverse('admin:index')}"
    pages = [
        client.post(login, {"login": cast.admin.username, "password": "wrong-guess"}).content.decode()
        for _ in range(6)
    ]
    assert LIMITED not in pages[0] and LIMITED in pages[-1]
    client.post(login, {"login": cast.admin.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session, "locked: even the right password is refused"


def test_staff_log_in_lands_in_the_admin(client, cast):
    index = reverse("admin:index")
    response = client.post(
        f"{reverse('account_login')}?next={index}",
        {"login": cast.admin.username, "password": PASSWORD, "next": index},
    )
    assert response["Location"] == index
    assert client.get(index).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 302  # already in: on to the admin


def test_the_admin_log_in_is_not_an_open_redirect(client, cast):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert "evil.example" not in response["Location"]
    client.force_login(cast.admin)
    assert client.get(reverse("admin:login"), {"next": "https://evil.example/"})["Location"] == reverse(
        "admin:index"
    )


def test_an_account_without_admin_access_does_not_see_the_admin_log_in(cast):
    client = Client()
    client.force_login(cast.teacher)
    assert client.get(reverse("admin:login")).status_code == 404


# --- manage.py check --deploy --------------------------------------------------------------------
CHECK = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE']='literacy.settings';"
    "from django.core.management import execute_from_command_line;"
    "execute_from_command_line(['manage.py', 'check', '--deploy'])"
)
SERVER = {
    **PROD_ENV,
    "DATABASE_URL": "postgres://wai@127.0.0.1:5432/wai",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ADMIN_URL": "staff-only-q8r3k/",
}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"DJANGO_ADMIN_URL": None}, "wai.E001"),  # left at the shipped default
        ({"DJANGO_ADMIN_URL": "admin"}, "wai.E001"),  # the path everybody tries
        ({"REDIS_URL": None}, "wai.E002"),  # rate limits per worker
    ],
    ids=["default-admin-url", "admin-admin-url", "no-redis"],
)
def test_check_deploy_fails_on_unsafe_server_settings(change, error):
    env = {k: v for k, v in {**SERVER, **change}.items() if v is not None}
    result = run_python(CHECK, env)
    assert result.returncode != 0
    assert error in result.stderr, result.stderr


def test_check_deploy_passes_with_a_private_admin_path_and_redis():
    result = run_python(CHECK, SERVER)
    assert result.returncode == 0, result.stderr
    assert "wai.E00" not in result.stdout + result.stderr


def test_the_checks_stay_quiet_in_development():
    result = run_python(CHECK, {"DJANGO_DEBUG": "true"})
    assert "wai.E002" not in result.stdout + result.stderr
