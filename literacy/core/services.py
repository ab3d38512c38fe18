"""Core services shared by every app."""

from literacy.core.tasks import enqueue_on_commit, send_email_task


def email_send(*, subject: str, body: str, to: list[str], from_email: str, html: str | None = None) -> None:
    """Queue an e-mail to be sent by the worker once the current transaction commits."""
    enqueue_on_commit(
        send_email_task, subject=subject, body=body, from_email=from_email, to=list(to), html=html
    )
