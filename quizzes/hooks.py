"""Extension points for the apps that use quizzes (curricula, progress...).

Quizzes must not import them; instead they register functions here in their AppConfig.ready().
A results hook takes (request, attempt) for a submitted attempt and returns extra context for the
results page, e.g. ``next_url``/``next_label`` (where the learner goes on) and ``progress``.
Each hook must run a constant number of queries.
"""

results_context_hooks = []


def results_context(request, attempt) -> dict:
    context = {}
    for hook in results_context_hooks:
        context.update(hook(request, attempt))
    return context
