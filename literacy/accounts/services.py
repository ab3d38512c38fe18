from django.db import transaction

from literacy.accounts.models import User


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, reminders_opt_in: bool) -> User:
    user.display_name = display_name.strip()
    user.reminders_opt_in = reminders_opt_in
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "reminders_opt_in"])
    return user


DEMO_ACCOUNTS = [
    ("teacher", User.Role.TEACHER, "teacher@example.com", "الأستاذة سعاد"),
    ("learner1", User.Role.LEARNER, "", "علي"),
    ("learner2", User.Role.LEARNER, "", "زينب"),
    ("learner3", User.Role.LEARNER, "", "مصطفى"),
]


@transaction.atomic
def demo_accounts_create(*, password_factory) -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (username, role, password) for each
    account created. The teacher's address is marked verified so the demo can log in."""
    from allauth.account.models import EmailAddress

    created = []
    for username, role, email, display_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        password = password_factory()
        user = User.objects.create_user(
            username=username, email=email, password=password, role=role, display_name=display_name
        )
        if email:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created.append((username, role, password))
    return created


def _relations_to_user():
    """Every (model, field) in the project whose foreign key points at the user model."""
    from django.apps import apps

    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and model_field.many_to_one
                and model_field.related_model is User
                or (
                    model_field.is_relation
                    and model_field.one_to_one
                    and model_field.concrete
                    and model_field.related_model is User
                )
            ):
                yield model, model_field


def _dependent_rows(rows_by_model: dict) -> dict:
    """Rows of any model that points at one of the given rows (one level: e.g. a quiz attempt's
    answers), so the export holds the learner's answers, not only their attempts."""
    from django.apps import apps

    found = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not (model_field.is_relation and model_field.many_to_one and model_field.concrete):
                continue
            parents = rows_by_model.get(model_field.related_model)
            if parents and model not in rows_by_model:
                found.setdefault(model, model._default_manager.none())
                found[model] = found[model] | model._default_manager.filter(
                    **{f"{model_field.name}__in": parents}
                )
    return found


def user_data_export(*, user: User) -> dict:
    """Everything stored about the user, as JSON-ready data: the account itself, every row of every
    model that points at the user, and the rows that point at those (found by walking the models,
    so new apps are included without changes here)."""
    from django.core import serializers

    account = serializers.serialize(
        "python",
        [user],
        fields=["username", "email", "display_name", "role", "date_joined", "last_login", "reminders_opt_in"],
    )[0]
    data = {"account": account["fields"], "related": {}}
    direct = {}
    for model, model_field in _relations_to_user():
        rows = model._default_manager.filter(**{model_field.name: user})
        direct[model] = direct[model] | rows if model in direct else rows
    for model, rows in [*direct.items(), *_dependent_rows(direct).items()]:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        data["related"][label] = [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", rows.distinct())
        ]
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account. Rows that only describe the learner (progress, certificates, e-mail
    addresses) go with it (CASCADE), and so do their files (certificate PDFs) once the deletion has
    committed; quiz attempts are kept anonymously (SET_NULL, guest token blanked) so class and
    campaign statistics keep counting the answers."""
    files = []
    for model, model_field in _relations_to_user():
        rows = model._default_manager.filter(**{model_field.name: user})
        if model_field.remote_field.on_delete.__name__ == "SET_NULL":
            if any(f.name == "guest_token" for f in model._meta.fields):
                rows.update(guest_token="")
            continue
        file_fields = [f.name for f in model._meta.fields if f.get_internal_type() == "FileField"]
        for row in rows if file_fields else []:
            files += [getattr(row, name) for name in file_fields if getattr(row, name)]
    user_sessions_end(user=user)
    user.delete()
    for field_file in files:
        transaction.on_commit(lambda f=field_file: f.storage.delete(f.name), robust=True)


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session of the account (log it out on every device), except ``keep_session_key``
    when given (the browser that has just changed the password stays logged in). The one rule used
    by log-out, password change and reset, deactivation, PIN reset and deletion. Returns how many
    sessions were ended."""
    from literacy.accounts.models import UserSession

    sessions = UserSession.objects.filter(user_id=user.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    deleted, _ = sessions.delete()
    return deleted


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Switch the account off (``is_active`` False): it can no longer log in, and every session it
    has ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user=user)
    return user
