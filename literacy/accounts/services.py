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


def user_data_export(*, user: User) -> dict:
    """Everything stored about the user, as JSON-ready data: the account itself, then every row of
    every model that points at the user (found by walking the models, so new apps are included)."""
    from django.core import serializers

    account = serializers.serialize(
        "python",
        [user],
        fields=[
            "username",
            "email",
            "display_name",
            "role",
            "date_joined",
            "last_login",
            "reminders_opt_in",
        ],
    )[0]
    data = {"account": account["fields"], "related": {}}
    for model, model_field in _relations_to_user():
        rows = model._default_manager.filter(**{model_field.name: user})
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        data["related"].setdefault(label, [])
        data["related"][label] += [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", rows)
        ]
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account. Rows that only describe the learner (progress, certificates, e-mail
    addresses, sessions of allauth) go with it (CASCADE); quiz attempts are kept anonymously
    (SET_NULL, guest token blanked) so class and campaign statistics keep counting the answers."""
    for model, model_field in _relations_to_user():
        if model_field.remote_field.on_delete.__name__ == "SET_NULL":
            rows = model._default_manager.filter(**{model_field.name: user})
            blank = {f.name: "" for f in model._meta.fields if f.name == "guest_token"}
            if blank:
                rows.update(**blank)
    user.delete()
