import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")
application = get_wsgi_application()


def _load_everything_a_request_loads() -> None:
    """What a worker's first request would otherwise load: the URLconf with every view module, and
    the message catalogues. Under `gunicorn --preload` (README, production) the workers fork from a
    master that has them, so no worker spends most of a second of someone's request importing them
    (it showed as 0.7 s answers in the list benchmarks). Nothing here opens a database connection."""
    from django.conf import settings  # noqa: PLC0415 (after set-up)
    from django.urls import get_resolver  # noqa: PLC0415
    from django.utils.translation import trans_real  # noqa: PLC0415

    get_resolver().reverse_dict  # noqa: B018 (populates the resolver)
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)


_load_everything_a_request_loads()
