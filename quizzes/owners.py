"""Who owns a piece of learning work: a user, or a guest known only by the token in their browser
session. The one place that says so; quizzes and the site's progress both use it."""

from dataclasses import dataclass


class NoOwner(Exception):
    """Neither a logged-in user nor a guest token: there is nobody to record the work for."""


@dataclass(frozen=True)
class Owner:
    user: object = None
    guest_token: str = ""

    @classmethod
    def of(cls, *, user=None, guest_token: str = "") -> "Owner":
        if user is not None and user.is_authenticated:
            return cls(user=user)
        if guest_token:
            return cls(guest_token=guest_token)
        raise NoOwner

    @classmethod
    def maybe(cls, *, user=None, guest_token: str = "") -> "Owner | None":
        """Like ``of``, but None where there is nobody (a read that then finds nothing)."""
        try:
            return cls.of(user=user, guest_token=guest_token)
        except NoOwner:
            return None

    @classmethod
    def from_request(cls, request, *, create: bool = False) -> "Owner | None":
        """The request's owner; None for a visitor without a guest token (unless ``create``)."""
        from quizzes.guests import guest_token

        return cls.maybe(user=request.user, guest_token=guest_token(request, create=create))

    @property
    def is_guest(self) -> bool:
        return self.user is None

    def filter(self, prefix: str = "") -> dict:
        """Keyword arguments selecting this owner's rows (``prefix`` for a related model)."""
        if self.user is not None:
            return {f"{prefix}user": self.user}
        return {f"{prefix}user": None, f"{prefix}guest_token": self.guest_token}

    def owns(self, row) -> bool:
        if self.user is not None:
            return row.user_id == self.user.pk
        return row.user_id is None and bool(row.guest_token) and row.guest_token == self.guest_token
