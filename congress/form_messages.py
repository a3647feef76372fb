"""Django's stock form messages in the office's words (issue 7, item 5).

Django's own Chinese ("确保该变量包含不超过 200 字符") reads like a compiler error. The length
validators carry their message as a class attribute, so setting it here (from
`CongressConfig.ready`) re-words every form and serializer field at once; the other stock messages
are re-worded in locale/zh_Hans (the project's catalogue wins over Django's). No plural forms: the
Chinese reads the same for one and many.
"""

from django.core import validators
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = _("At most %(limit_value)d characters (now %(show_value)d).")
MIN_LENGTH = _("At least %(limit_value)d characters (now %(show_value)d).")


def install() -> None:
    validators.MaxLengthValidator.message = MAX_LENGTH
    validators.MinLengthValidator.message = MIN_LENGTH
