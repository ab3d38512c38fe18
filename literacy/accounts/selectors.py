"""Reads of accounts."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from literacy.accounts.middleware import SESSION_KEY
from literacy.accounts.models import UserSession
from literacy.accounts.sessions import SessionStore


@dataclass(frozen=True)
class SessionInfo:
    logged_in_at: datetime | None
    last_seen: datetime | None
    expires: datetime
    is_current: bool


def _when(seconds) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if isinstance(seconds, int) else None


def user_sessions(*, user, current_key: str | None) -> list[SessionInfo]:
    """The account's live sessions (one query): when each logged in and was last used (the clock
    the inactivity timeout keeps, to five minutes), this browser's first, then the most recent.
    Nothing else is known about them: no address or browser is stored."""
    store = SessionStore()
    found = []
    live = UserSession.objects.filter(user_id=user.pk, expire_date__gt=timezone.now())
    for key, data, expires in live.values_list("session_key", "session_data", "expire_date"):
        clock = store.decode(data).get(SESSION_KEY)
        started, seen = (clock[0], clock[1]) if isinstance(clock, list) and len(clock) == 3 else (None, None)
        found.append(SessionInfo(_when(started), _when(seen), expires, key == current_key))
    return sorted(found, key=lambda s: (not s.is_current, -(s.last_seen or s.expires).timestamp()))
