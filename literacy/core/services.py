"""Core services shared by every app."""

from post_office import mail

from literacy.core.tasks import enqueue_on_commit, mail_deliver_task


def email_send(*, subject: str, body: str, to: list[str], from_email: str, html: str | None = None) -> None:
    """Put the e-mail in the outbox (a database row, in the caller's transaction) and ask a worker
    to deliver it once the transaction commits; beat re-delivers it if that request is lost."""
    mail.send(
        recipients=list(to),
        sender=from_email,
        subject=subject,
        message=body,
        html_message=html or "",
        priority="medium",
    )
    enqueue_on_commit(mail_deliver_task)
