from celery import shared_task


@shared_task(ignore_result=True)
def sessions_clear_task() -> None:
    """Delete expired sessions (beat, daily): an ended session is of no use to anybody, yet it still
    names an account or holds a guest's token. Safe to run twice."""
    from literacy.accounts.sessions import SessionStore

    SessionStore.clear_expired()
