"""What curricula adds to the home page (registered in CurriculaConfig.ready)."""

from literacy.curricula.models import Curriculum
from literacy.curricula.selectors import curricula_with_first_lessons


def home_context(request) -> dict:
    """The curricula the site offers today, each with a one-tap start, and the quick start for a
    visitor from a shared link: the first lesson of the community track (the shortest)."""
    curricula = curricula_with_first_lessons()
    quick = next(
        ((c, url) for c, url in curricula if c.audience == Curriculum.Audience.COMMUNITY and url),
        next(((c, url) for c, url in curricula if url), None),
    )
    return {"home_curricula": curricula, "quick_start": quick}
