"""Extension points for the apps above core (core imports none of them).

A home hook takes (request) and returns extra context for the home page, so the page says only
what the site offers today. They register in their AppConfig.ready(); each hook must run a
constant number of queries.
"""

home_context_hooks = []
# Functions returning a string that changes whenever pages shared by anonymous visitors must be
# rebuilt (core.shared_pages): curricula registers its content version.
page_version_hooks = []


def home_context(request) -> dict:
    context = {}
    for hook in home_context_hooks:
        context.update(hook(request))
    return context


def page_version() -> str:
    return ":".join(hook() for hook in page_version_hooks)
