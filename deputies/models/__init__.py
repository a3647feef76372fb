"""The deputies app's models, one module per family: the register here; duty points and the
stations' work (receptions, residents' issues, report-backs) in modules of their own."""

from deputies.models.points import (  # noqa: F401
    Band,
    DutyRecord,
    MeetingAttendance,
    PointRule,
    PointsFollowUp,
    PointsNotice,
    PointsNoticeEntry,
    PointsObjection,
    PointsSummary,
    SignInSheet,
)
from deputies.models.register import Delegation, Deputy, DeputyQuerySet, can_see_phone  # noqa: F401
