"""Extension points for the layers above curricula (progress, classrooms...).

Curricula must not import them; instead they register functions here in their AppConfig.ready().
A lesson hook takes (request, lesson) and returns extra template context; a curriculum hook takes
(request, curriculum, lessons) for the curriculum page. Each hook must run a constant number of
queries.
"""

lesson_context_hooks = []
curriculum_context_hooks = []


def lesson_context(request, lesson) -> dict:
    context = {}
    for hook in lesson_context_hooks:
        context.update(hook(request, lesson))
    return context


def curriculum_context(request, curriculum, lessons) -> dict:
    context = {}
    for hook in curriculum_context_hooks:
        context.update(hook(request, curriculum, lessons))
    return context
