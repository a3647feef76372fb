"""The deputies' register (人大代表名册)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from congress.models import Station, Term, mobile_validator


class DeputyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register is open to every signed-in user (代表信息公开); phones are not (see `can_see_phone`)."""
        return self if user.is_authenticated else self.none()

    def serving(self):
        return self.filter(status=Deputy.Status.SERVING)

    def for_list(self):
        return self.select_related("term", "station", "delegation")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Delegation(models.Model):
    """代表团 / 代表小组: deputies grouped by constituency area for a term."""

    term = models.ForeignKey(Term, models.PROTECT, related_name="delegations", verbose_name=_("term"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["term", "name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_name_unique_in_term")]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Deputy(models.Model):
    """人大代表: an elected member of the district congress, or a higher-level deputy who works
    through the district's stations (五级代表进站)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Party(models.TextChoices):
        CPC = "cpc", _("Communist Party of China")
        DEMOCRATIC = "democratic", _("Democratic party")
        NONE = "none", _("No party affiliation")
        MASSES = "masses", _("The masses")

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        PROVINCIAL = "provincial", _("Provincial")
        NATIONAL = "national", _("National")

    class Status(models.TextChoices):
        SERVING = "serving", _("Serving")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Removed")

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"))
    party = models.CharField(_("party"), max_length=12, choices=Party.choices, default=Party.CPC)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    work_unit = models.CharField(_("work unit and position"), max_length=200, blank=True)
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    delegation = models.ForeignKey(
        Delegation, models.PROTECT, null=True, blank=True, related_name="deputies", verbose_name=_("delegation")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.DISTRICT)
    station = models.ForeignKey(
        Station, models.PROTECT, null=True, blank=True, related_name="deputies", verbose_name=_("station")
    )
    term = models.ForeignKey(Term, models.PROTECT, related_name="deputies", verbose_name=_("term"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SERVING)
    serving_since = models.DateField(_("serving since"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True, validators=[mobile_validator])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="deputy",
        verbose_name=_("user account"),
    )

    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        permissions = [("view_deputy_phone", _("Can see deputies' phone numbers"))]
        indexes = [
            models.Index(fields=["term", "status"], name="deputy_term_status"),
            # the register's default order within the usual "serving" filter, without a sort
            models.Index(fields=["status", "name", "id"], name="deputy_status_name"),
        ]
        constraints = [
            # A serving deputy has no leaving date; one who left has one, not before they started.
            models.CheckConstraint(
                condition=(Q(status="serving") & Q(left_on__isnull=True))
                | (~Q(status="serving") & Q(left_on__isnull=False) & Q(left_on__gte=F("serving_since"))),
                name="deputy_leaving_date_matches_status",
            ),
            models.CheckConstraint(condition=Q(serving_since__gt=F("birth_date")), name="deputy_born_before_serving"),
        ]

    def __str__(self):
        return self.name


def can_see_phone(user) -> bool:
    """Deputies' phone numbers are personal data: visible to office staff only."""
    return user.is_authenticated and user.has_perm("deputies.view_deputy_phone")
