"""Which campaign and source a visitor came through, kept in their session once they start.

The landing page itself writes nothing (no session, no row). Pressing "Start" stores the source
in the session (and makes the guest token that lets a visitor without an account keep their
work); from then on the campaign's own pages, the quiz engine's results hook and the sign-up
signal count the visitor's steps for that source, each step once per session (the session
remembers which were counted, not the learner's answers)."""

from literacy.campaigns import services

SESSION_KEY = "wai_campaign"


def attribute(request, source) -> None:
    current = request.session.get(SESSION_KEY) or {}
    counted = current.get("counted", []) if current.get("source") == source.pk else []
    request.session[SESSION_KEY] = {"source": source.pk, "campaign": source.campaign_id, "counted": counted}


def current(request) -> dict | None:
    session = getattr(request, "session", None)
    if session is None or session.is_empty():
        return None
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) and data.get("source") else None


def count_once(request, event: str, **amounts: int) -> bool:
    """Count ``amounts`` for the visitor's source unless ``event`` was already counted for this
    session. Returns whether it was counted."""
    data = current(request)
    if data is None or event in data.get("counted", []):
        return False
    data.setdefault("counted", []).append(event)
    request.session[SESSION_KEY] = data
    services.campaign_event_record(source_id=data["source"], **amounts)
    return True
