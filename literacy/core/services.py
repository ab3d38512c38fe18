"""Core services shared by every app."""

from post_office import mail

from literacy.core.tasks import enqueue_on_commit, mail_deliver_task

_AS_IS = "{{% autoescape off %}}{{{{ {} }}}}{{% endautoescape %}}"


def email_send(*, subject: str, body: str, to: list[str], from_email: str, html: str | None = None) -> None:
    """Put the e-mail in the outbox (a database row, in the caller's transaction) and ask a worker
    to deliver it once the transaction commits; beat re-delivers it if that request is lost.

    post-office renders the subject and both bodies as Django templates when it stores them. Ours
    are already rendered and may carry what people typed (a display name "{{ 7|add:7 }}" came out
    as "14", and "{% x %}" crashed the sign-up), so each is handed over as a variable's value,
    which a template prints exactly as it is and never parses."""
    mail.send(
        recipients=list(to),
        sender=from_email,
        subject=_AS_IS.format("subject"),
        message=_AS_IS.format("body"),
        html_message=_AS_IS.format("html"),
        context={"subject": subject, "body": body, "html": html or ""},
        priority="medium",
    )
    enqueue_on_commit(mail_deliver_task)
