from literacy.progress.receivers import PENDING_KEY


def pending_guest_work(request):
    """The count for the "add the activities done on this device?" banner (no query)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    pending = request.session.get(PENDING_KEY)
    return {"pending_guest_work": pending["count"]} if pending else {}
