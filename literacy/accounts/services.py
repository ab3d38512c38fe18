from django.db import transaction

from literacy.accounts.models import User


@transaction.atomic
def user_update_profile(*, user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name"])
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
