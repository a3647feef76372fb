"""Public forms' rate limit and spam checks, kept in the database (the site works with Redis stopped).

Each accepted submission writes a `PublicSubmission` row keyed by a hash of the client address; a
client with LIVELIHOOD_PUBLIC_LIMIT rows in the window is refused. The address itself is not kept.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from congress.security import client_ip
from livelihood.models import PublicSubmission

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def _key(request) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()


def is_limited(request, form: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LIVELIHOOD_PUBLIC_WINDOW_MINUTES)
    return PublicSubmission.objects.filter(form=form, key=_key(request), created_at__gte=since).count() \
        >= settings.LIVELIHOOD_PUBLIC_LIMIT


def count(request, form: str) -> None:
    PublicSubmission.objects.create(form=form, key=_key(request))


def looks_like_spam(*texts: str) -> bool:
    """Links are what spam carries; a resident's proposal needs none."""
    return sum(len(LINK.findall(text or "")) for text in texts) > 0
