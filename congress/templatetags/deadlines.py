"""`{% provisional_mark flag day %}`: the mark every page puts beside a provisional deadline.

A deadline is provisional when a year it depends on has no holiday calendar yet (congress.calendar);
the mark says so and why. `long=True` writes the reason out, for phones where a title is not seen.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from congress.calendar import provisional_reason

register = template.Library()


@register.simple_tag
def provisional_mark(is_provisional, day, long=False):
    if not is_provisional or day is None:
        return ""
    reason = provisional_reason([day.year])
    if long:
        return format_html(' <span class="provisional">{}</span> <span class="provisional-note muted">{}</span>',
                           _("provisional"), reason)
    return format_html(' <span class="provisional" title="{}">{}</span>', reason, _("provisional"))
