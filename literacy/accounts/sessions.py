"""The session engine (``SESSION_ENGINE``): Django's database sessions, stored in
``accounts.UserSession`` with the id of the account logged in, so that every session of an account
can be found (and ended) with one indexed query."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from literacy.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            obj.user_id = None  # a visitor who is not logged in (a guest, a form in progress)
        return obj
