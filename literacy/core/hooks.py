"""Extension points for the apps above core (core imports none of them).

A home hook takes (request) and returns extra context for the home page, so the page says only
what the site offers today. They register in their AppConfig.ready(); each hook must run a
constant number of queries.
"""

home_context_hooks = []


def home_context(request) -> dict:
    context = {}
    for hook in home_context_hooks:
        context.update(hook(request))
    return context
