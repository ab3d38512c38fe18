"""The site's URLs plus one view that fails the way a real bug would: with an exception whose text
quotes what it was given (as a database error quotes the row it refused)."""

from django.urls import path

from literacy.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def fails(request):
    data = request.POST
    raise RuntimeError(
        f"duplicate key value violates unique constraint: Key (email)=({data['email']}) already exists; "
        f"form password={data['password']} pin: {data['pin']}; session {request.session.session_key}"
    )


urlpatterns = [path("fails/", fails), *urlpatterns]
