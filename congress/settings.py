"""Settings for the whole platform, read from the environment (style.md B6).

`DJANGO_ENV` is `development` (the default, used by `make run`), `test` (`make test`) or
`production`. Production refuses to start with a missing or weak secret, with DEBUG on, or
without ALLOWED_HOSTS, and passes `manage.py check --deploy` with no warnings.
Every number the law or the office may change is a setting with an app prefix.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    # An optional .env never overrides variables that are really set.
    env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_ENV=production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DJANGO_ENV=production.")
elif not SECRET_KEY:
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 16  # noqa: S105

if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` / `make test`, which start an embedded PostgreSQL, "
        "or set DATABASE_URL=postgres://user:password@host:5432/name."
    )
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Prepared statements for the hot read-only lists (congress/db): psycopg prepares a statement the
# fifth time it runs on a connection, and only server-binding cursors can.
DATABASES["default"]["ENGINE"] = "congress.db"
# 0 turns it off (a connection pooler that cannot keep prepared statements).
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
    env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None)
if DJANGO_ENV == "test":
    # One test database per pytest process: runs side by side on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",  # its Events appear as congress.RowHistory (PGHISTORY_ADMIN_MODEL below)
    "axes",
    "congress",
    "deputies",
    "suggestions",
    "oversight",
    "livelihood",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Row history (pghistory) records the acting user and URL of every change in the request.
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page (HTTP 429).
    "axes.middleware.AxesMiddleware",
]

# django-axes first: a locked-out client is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "congress.backends.PermissionBackend",  # ModelBackend, permissions read in one statement
]

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"
AUTH_USER_MODEL = "congress.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.navigation",
            ],
        },
    },
]

if DJANGO_ENV == "test":
    # Test users are made by the hundred; PBKDF2's deliberate slowness would only slow the suite.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in the database so that the site keeps working with Redis stopped.
SESSION_ENGINE = "congress.sessions"  # database sessions, their look-up prepared (congress/db)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target; production only: elsewhere whitenoise serves from the finders.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".local" / "staticfiles") if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".local" / "media")
MEDIA_URL = "media/"
# Request bodies (forms and the API's JSON) above this size are refused: 400 on pages, 413 on /api/.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Security. Production values pass `check --deploy`; TLS may end at a proxy that sets the header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=True) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP inside the network
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Brute force on sign-in (ASVS V2.2.1): django-axes counts failures in the database, so the lockout
# holds across gunicorn workers and with Redis stopped. A client is locked out after
# AXES_FAILURE_LIMIT failures for one account from one address, or from one address over any
# accounts (password spraying); the lockout lasts AXES_COOLOFF_MINUTES and answers 429 with the
# lockout page. A success does not wipe the count: it would let an attacker who holds one account
# reset the address's count between guesses at another.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "congress.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "congress.security.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# How many proxies in front of the site append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
# The sign-in lockout and the bad-token throttle count by the address this yields.
CONGRESS_TRUSTED_PROXY_COUNT = env.int("CONGRESS_TRUSTED_PROXY_COUNT", default=0)
# Bad API tokens: after this many failures from one address within the window, 429 with Retry-After.
CONGRESS_API_TOKEN_FAILURE_LIMIT = env.int("CONGRESS_API_TOKEN_FAILURE_LIMIT", default=10)
CONGRESS_API_TOKEN_FAILURE_WINDOW = timedelta(minutes=env.int("CONGRESS_API_TOKEN_FAILURE_WINDOW_MINUTES", default=5))

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="区人大常委会办公室 <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --------------------------------------------------------------------------- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets 401 with WWW-Authenticate.
        "congress.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["congress.api.auth.HasTokenScope"],
    "DEFAULT_FILTER_BACKENDS": [
        "congress.api.filters.FilterBackend",  # django-filter's, checking with shared fields
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "congress.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "congress.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "congress.api.errors.exception_handler",
    # JSON with a nesting limit and a size limit; forms for the browsable API's session users.
    "DEFAULT_PARSER_CLASSES": [
        "congress.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_THROTTLE", default="60/minute")},
    "DEFAULT_RENDERER_CLASSES": [
        "congress.api.renderers.JSONRenderer",  # DRF's, written by orjson
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "区人大常委会履职平台 API",
    "DESCRIPTION": "Deputies, suggestions, oversight and livelihood projects of a district people's congress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a name across models get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DeputyStatusEnum": "deputies.models.Deputy.Status",
        "SuggestionStatusEnum": "suggestions.models.Suggestion.Status",
        "AssignmentStatusEnum": "suggestions.models.Assignment.Status",
        "RatingAspectEnum": "suggestions.models.Evaluation.Aspect",
        "AssignmentRoleEnum": "suggestions.models.Assignment.Role",
        "ReplyCategoryEnum": "suggestions.models.Reply.Category",
        "SatisfactionEnum": "suggestions.models.Evaluation.Satisfaction",
        "ContactMethodEnum": "suggestions.models.ContactRecord.Method",
        "RejectReasonEnum": "suggestions.models.Suggestion.RejectReason",
        "RequestDecisionEnum": "suggestions.models.Extension.Decision",
        # The later loops' choice sets (issues 8 and 9): each its own component name.
        "MeetingKindEnum": "congress.models.Meeting.Kind",
        "UnitKindEnum": "congress.models.Unit.Kind",
        "StationKindEnum": "congress.models.Station.Kind",
        "BallotKindEnum": "congress.ballots.models.Ballot.Kind",
        "BallotStatusEnum": "congress.ballots.models.Ballot.Status",
        "PointRuleCategoryEnum": "deputies.models.points.PointRule.Category",
        "DutyRecordStatusEnum": "deputies.models.points.DutyRecord.Status",
        "AttendanceStatusEnum": "deputies.models.points.MeetingAttendance.Status",
        "PointsNoticeStatusEnum": "deputies.models.points.PointsNotice.Status",
        "ObjectionKindEnum": "deputies.models.points.PointsObjection.Kind",
        "ObjectionStatusEnum": "deputies.models.points.PointsObjection.Status",
        "FollowUpKindEnum": "deputies.models.points.PointsFollowUp.Kind",
        "OpenDoneStatusEnum": "deputies.models.points.PointsFollowUp.Status",  # also livelihood rectifications
        "ReceptionStatusEnum": "deputies.models.stations.Reception.Status",
        "ResidentIssueStatusEnum": "deputies.models.stations.ResidentIssue.Status",
        "ResidentIssueRouteEnum": "deputies.models.stations.ResidentIssue.Route",
        "ResidentRatingEnum": "deputies.models.stations.ResidentIssue.Rating",
        "LiaisonKindEnum": "deputies.models.stations.Liaison.Kind",
        "ReportBackStatusEnum": "deputies.models.stations.ReportBack.Status",
        "CoSignatureStatusEnum": "suggestions.models.CoSignature.Status",
        "CommitmentStatusEnum": "suggestions.models.Commitment.Status",
        "SupervisionKindEnum": "suggestions.models.SupervisionAction.Kind",
        "CycleStageEnum": "livelihood.models.Cycle.Stage",
        "ProposalCategoryEnum": "livelihood.models.Proposal.Category",
        "ProposalStatusEnum": "livelihood.models.Proposal.Status",
        "ProjectStatusEnum": "livelihood.models.Project.Status",
        "MilestoneStatusEnum": "livelihood.models.Milestone.Status",
        "CheckKindEnum": "livelihood.models.Check.Kind",
    },
}

# --------------------------------------------------------------------------- Celery
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A killed worker's task runs again; every task is idempotent (architecture.md, Celery).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "deliver-pending": {"task": "congress.deliver_pending", "schedule": timedelta(minutes=1)},
    "deliver-due-reminders": {"task": "congress.deliver_due_reminders", "schedule": timedelta(minutes=1)},
    "purge-heartbeats": {"task": "congress.purge_worker_heartbeats", "schedule": crontab(hour=3, minute=17)},
    "purge-sign-in-failures": {"task": "congress.purge_sign_in_failures", "schedule": crontab(hour=3, minute=29)},
}

# --------------------------------------------------------------------------- the office's own numbers
# How often a worker writes its heartbeat, and how old one may be before /healthz calls it down.
CONGRESS_WORKER_HEARTBEAT_SECONDS = env.int("CONGRESS_WORKER_HEARTBEAT_SECONDS", default=30)
CONGRESS_WORKER_STALE_SECONDS = env.int("CONGRESS_WORKER_STALE_SECONDS", default=120)
# SMS is held back during quiet hours (domain.md rule 13); 22:00–08:00 local time by default.
CONGRESS_SMS_QUIET_START = env.str("CONGRESS_SMS_QUIET_START", default="22:00")
CONGRESS_SMS_QUIET_END = env.str("CONGRESS_SMS_QUIET_END", default="08:00")
CONGRESS_SMS_BACKEND = env.str("CONGRESS_SMS_BACKEND", default="congress.sms.LogBackend")
# How many outbox rows one sweep sends at most, and how often a failing row is retried.
CONGRESS_DELIVERY_BATCH = env.int("CONGRESS_DELIVERY_BATCH", default=500)
CONGRESS_DELIVERY_MAX_ATTEMPTS = env.int("CONGRESS_DELIVERY_MAX_ATTEMPTS", default=5)
# A row claimed this long ago and still "sending" lost its worker: retried with the same idempotency key.
CONGRESS_DELIVERY_CLAIM_SECONDS = env.int("CONGRESS_DELIVERY_CLAIM_SECONDS", default=600)
# Bounds on free text at the edge (forms and API inputs): a text column has no length of its own,
# so a 100,000-character paste is refused with a message instead of filling the database.
CONGRESS_MAX_TEXT_LENGTH = env.int("CONGRESS_MAX_TEXT_LENGTH", default=20_000)
# How deep an API request's JSON may nest; deeper bodies are refused with 400 before parsing.
CONGRESS_API_MAX_JSON_DEPTH = env.int("CONGRESS_API_MAX_JSON_DEPTH", default=32)
# The demo district's password, printed by `make run`; demo only.
CONGRESS_DEMO_PASSWORD = env.str("CONGRESS_DEMO_PASSWORD", default="demo-2026")
CONGRESS_NAME = env.str("CONGRESS_NAME", default="示范区人大常委会")

# --------------------------------------------------------------------------- suggestions (domain.md §1, rules 1–14)
SUGGESTIONS_REPLY_MONTHS = env.int("SUGGESTIONS_REPLY_MONTHS", default=3)  # rule 1
# Rule 1 (config): the answer clock starts at 交办 ("assignment") or, for a suggestion raised at a
# session, at the session's last day ("session_close"; between-session suggestions keep 交办).
SUGGESTIONS_REPLY_CLOCK_STARTS = env.str("SUGGESTIONS_REPLY_CLOCK_STARTS", default="assignment")
# Rule 2 (config): the extension cap is SUGGESTIONS_MAX_MONTHS after 交办 ("after_assignment") or
# SUGGESTIONS_EXTENSION_MAX_MONTHS after the first deadline ("after_first_deadline", Fujian/Xiamen).
SUGGESTIONS_EXTENSION_CAP = env.str("SUGGESTIONS_EXTENSION_CAP", default="after_assignment")
SUGGESTIONS_MAX_MONTHS = env.int("SUGGESTIONS_MAX_MONTHS", default=6)  # rule 2: no deadline past this
SUGGESTIONS_EXTENSION_MAX_MONTHS = env.int("SUGGESTIONS_EXTENSION_MAX_MONTHS", default=3)
SUGGESTIONS_REHANDLE_MONTHS = env.int("SUGGESTIONS_REHANDLE_MONTHS", default=1)  # rule 3
# Rule 3 (config): when above 0, re-handling is due this many days after re-交办 instead (e.g. 15).
SUGGESTIONS_REHANDLE_DAYS = env.int("SUGGESTIONS_REHANDLE_DAYS", default=0)
SUGGESTIONS_MAX_ROUNDS = env.int("SUGGESTIONS_MAX_ROUNDS", default=2)  # the first answer and one re-handling
SUGGESTIONS_ASSIGN_WORKING_DAYS = env.int("SUGGESTIONS_ASSIGN_WORKING_DAYS", default=5)  # rule 4
SUGGESTIONS_RETURN_WORKING_DAYS = env.int("SUGGESTIONS_RETURN_WORKING_DAYS", default=7)  # rule 5
SUGGESTIONS_CO_UNIT_OPINION_MONTHS = env.int("SUGGESTIONS_CO_UNIT_OPINION_MONTHS", default=1)  # rule 6
SUGGESTIONS_RATING_WORKING_DAYS = env.int("SUGGESTIONS_RATING_WORKING_DAYS", default=20)  # rule 12
# A commitment or a requested deadline more than this many years ahead is a typing error (9999-12-31).
SUGGESTIONS_DATE_HORIZON_YEARS = env.int("SUGGESTIONS_DATE_HORIZON_YEARS", default=5)
SUGGESTIONS_MIN_COSIGNERS = env.int("SUGGESTIONS_MIN_COSIGNERS", default=0)
# A suggestion submitted from this many days before a congress session until its last day belongs
# to that session; any other time it is a between-sessions suggestion.
SUGGESTIONS_SESSION_OPENS_DAYS = env.int("SUGGESTIONS_SESSION_OPENS_DAYS", default=30)
# Units meet or call the deputy before replying (面商); the reply is refused until one contact is on record.
SUGGESTIONS_CONTACT_BEFORE_REPLY = env.bool("SUGGESTIONS_CONTACT_BEFORE_REPLY", default=True)
# Due dates that fall on a weekend or holiday move to the next working day.
SUGGESTIONS_DUE_ON_WORKING_DAY = env.bool("SUGGESTIONS_DUE_ON_WORKING_DAY", default=True)
# Reminders (rule 13): days before a reply is due; then weekly while overdue.
SUGGESTIONS_REPLY_REMINDER_DAYS = env.list("SUGGESTIONS_REPLY_REMINDER_DAYS", cast=int, default=[30, 7, 1])
SUGGESTIONS_RATING_REMINDER_DAYS = env.list("SUGGESTIONS_RATING_REMINDER_DAYS", cast=int, default=[7, 1])
SUGGESTIONS_COMMITMENT_REMINDER_DAYS = env.list("SUGGESTIONS_COMMITMENT_REMINDER_DAYS", cast=int, default=[7])
# Rule 4: office staff are reminded this many days before a suggestion's assign-by date.
SUGGESTIONS_ASSIGN_REMINDER_DAYS = env.list("SUGGESTIONS_ASSIGN_REMINDER_DAYS", cast=int, default=[2, 0])
SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS = env.int("SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS", default=7)
SUGGESTIONS_REMINDER_HOUR = env.int("SUGGESTIONS_REMINDER_HOUR", default=8)
# Honour and warning boards (红黑榜): a unit with satisfaction below the warning rate is marked
# down (seed 001: 60%); the honour board needs both rates at or above its thresholds.
SUGGESTIONS_HONOUR_SATISFACTION = env.float("SUGGESTIONS_HONOUR_SATISFACTION", default=0.95)
SUGGESTIONS_HONOUR_ON_TIME = env.float("SUGGESTIONS_HONOUR_ON_TIME", default=0.95)
SUGGESTIONS_WARNING_SATISFACTION = env.float("SUGGESTIONS_WARNING_SATISFACTION", default=0.60)
SUGGESTIONS_WARNING_ON_TIME = env.float("SUGGESTIONS_WARNING_ON_TIME", default=0.80)
SUGGESTIONS_BOARD_MIN_ASSIGNED = env.int("SUGGESTIONS_BOARD_MIN_ASSIGNED", default=3)
# A unit with more overdue cases than this is never on the honour board, whatever its rates: the
# on-time rate counts answers only, so a unit that simply has not answered would otherwise top it.
SUGGESTIONS_HONOUR_MAX_OVERDUE = env.int("SUGGESTIONS_HONOUR_MAX_OVERDUE", default=0)
# Rule 11 (config: labels and count). SUGGESTIONS_REPLY_CATEGORIES="A=已解决;B=部分解决或列入计划;C=留作参考"
# replaces the default A–D scheme; tracked categories need commitments and stay in 跟踪 status,
# solved ones make the 解决率.
SUGGESTIONS_REPLY_CATEGORIES = [
    tuple(item.split("=", 1)) for item in env.str("SUGGESTIONS_REPLY_CATEGORIES", default="").split(";") if "=" in item
] or [
    ("A", _("A · solved or basically solved")),
    ("B", _("B · being solved")),
    ("C", _("C · planned, to be solved step by step")),
    ("D", _("D · kept for reference or not feasible, explained")),
]
SUGGESTIONS_TRACKED_CATEGORIES = env.list("SUGGESTIONS_TRACKED_CATEGORIES", default=["B", "C"])
SUGGESTIONS_SOLVED_CATEGORIES = env.list("SUGGESTIONS_SOLVED_CATEGORIES", default=["A"])
# A mistyped variant would silently fall back to the default rule: refuse to start instead.
for _name, _value, _allowed in [
    ("SUGGESTIONS_REPLY_CLOCK_STARTS", SUGGESTIONS_REPLY_CLOCK_STARTS, {"assignment", "session_close"}),
    ("SUGGESTIONS_EXTENSION_CAP", SUGGESTIONS_EXTENSION_CAP, {"after_assignment", "after_first_deadline"}),
]:
    if _value not in _allowed:
        raise ImproperlyConfigured(f"{_name} must be one of {sorted(_allowed)}, not {_value!r}")
_codes = {code for code, _label in SUGGESTIONS_REPLY_CATEGORIES}
if not set(SUGGESTIONS_TRACKED_CATEGORIES) | set(SUGGESTIONS_SOLVED_CATEGORIES) <= _codes:
    raise ImproperlyConfigured("SUGGESTIONS_TRACKED_CATEGORIES and SUGGESTIONS_SOLVED_CATEGORIES must be codes of "
                               f"SUGGESTIONS_REPLY_CATEGORIES ({', '.join(sorted(_codes))})")

CELERY_BEAT_SCHEDULE["suggestions-reminders"] = {
    "task": "congress.sweep_reminders",  # every app's reminder rules (congress/reminders.py)
    "schedule": crontab(hour=SUGGESTIONS_REMINDER_HOUR, minute=0),
}
CELERY_BEAT_SCHEDULE["suggestions-statistics"] = {
    "task": "suggestions.refresh_statistics",
    "schedule": timedelta(minutes=30),
}

# ------------------------------------------------------------- stations and residents (domain.md §5, rules 27–29)
# Rule 27: a reception is announced to residents at least this many days before it is held.
DEPUTIES_STATION_NOTICE_DAYS = env.int("DEPUTIES_STATION_NOTICE_DAYS", default=3)
# Rule 27 shortfalls: a station with no reception held within this many days; a deputy with fewer
# than this many station visits in a year.
DEPUTIES_STATION_MAX_DAYS_WITHOUT_RECEPTION = env.int("DEPUTIES_STATION_MAX_DAYS_WITHOUT_RECEPTION", default=31)
DEPUTIES_STATION_MIN_VISITS_PER_YEAR = env.int("DEPUTIES_STATION_MIN_VISITS_PER_YEAR", default=1)
# Reminders: to a deputy before a shift; to staff when a station has nothing scheduled next week.
DEPUTIES_STATION_SHIFT_REMINDER_DAYS = env.list("DEPUTIES_STATION_SHIFT_REMINDER_DAYS", cast=int, default=[1])
DEPUTIES_STATION_EMPTY_WEEK_REMINDER_DAYS = env.list("DEPUTIES_STATION_EMPTY_WEEK_REMINDER_DAYS", cast=int,
                                                     default=[7])
# Rule 28: a resident issue sent to a unit is due in 1 month by default, never past 3.
RESIDENT_ISSUE_DUE_MONTHS = env.int("RESIDENT_ISSUE_DUE_MONTHS", default=1)
RESIDENT_ISSUE_MAX_MONTHS = env.int("RESIDENT_ISSUE_MAX_MONTHS", default=3)
RESIDENT_ISSUE_REMINDER_DAYS = env.list("RESIDENT_ISSUE_REMINDER_DAYS", cast=int, default=[7, 1])
RESIDENT_ISSUE_OVERDUE_EVERY_DAYS = env.int("RESIDENT_ISSUE_OVERDUE_EVERY_DAYS", default=7)
# The public message form: at most this many messages per address within the window (counted in the
# database, so it holds across gunicorn workers and with Redis stopped).
RESIDENT_MESSAGE_LIMIT = env.int("RESIDENT_MESSAGE_LIMIT", default=5)
RESIDENT_MESSAGE_WINDOW_MINUTES = env.int("RESIDENT_MESSAGE_WINDOW_MINUTES", default=60)
RESIDENT_MESSAGE_MAX_LENGTH = env.int("RESIDENT_MESSAGE_MAX_LENGTH", default=2000)
# Failed lookups of an issue code per address and window before the lookup answers 429.
RESIDENT_LOOKUP_FAILURE_LIMIT = env.int("RESIDENT_LOOKUP_FAILURE_LIMIT", default=10)
# Rule 29: the share of all serving deputies planned to report back each year (every deputy once a term).
DEPUTIES_REPORT_BACK_SHARE = env.float("DEPUTIES_REPORT_BACK_SHARE", default=0.20)

# --------------------------------------------------------------------------- livelihood (domain.md §3, rules 15, 20–23)
# The residents' survey accepts one response per "phone" number or per "device" (a cookie).
LIVELIHOOD_SURVEY_ONE_PER = env.str("LIVELIHOOD_SURVEY_ONE_PER", default="phone")
# The key of the hash stored instead of the phone number or device id (defaults to SECRET_KEY).
LIVELIHOOD_SURVEY_KEY = env.str("LIVELIHOOD_SURVEY_KEY", default="")
# Public forms (proposal, survey): accepted submissions per client address within the window.
LIVELIHOOD_PUBLIC_LIMIT = env.int("LIVELIHOOD_PUBLIC_LIMIT", default=5)
LIVELIHOOD_PUBLIC_WINDOW_MINUTES = env.int("LIVELIHOOD_PUBLIC_WINDOW_MINUTES", default=60)
# Days a project rated 不满意 has to rectify (rule 16 applied to projects).
LIVELIHOOD_RECTIFICATION_DAYS = env.int("LIVELIHOOD_RECTIFICATION_DAYS", default=60)
# Reminders before a milestone's date (rule 22), and between overdue reminders.
LIVELIHOOD_MILESTONE_REMINDER_DAYS = env.list("LIVELIHOOD_MILESTONE_REMINDER_DAYS", cast=int, default=[7, 1])
LIVELIHOOD_OVERDUE_REMINDER_EVERY_DAYS = env.int("LIVELIHOOD_OVERDUE_REMINDER_EVERY_DAYS", default=7)

CELERY_BEAT_SCHEDULE["livelihood-rollups"] = {
    "task": "livelihood.run_pending_rollups",
    "schedule": timedelta(minutes=1),
}

# ------------------------------------------------------------- deputies: duty points (domain.md §4, rules 24–26)
DEPUTIES_BAND_GOOD = env.int("DEPUTIES_BAND_GOOD", default=80)  # rule 26: ≥80 好
DEPUTIES_BAND_FAIR = env.int("DEPUTIES_BAND_FAIR", default=60)  # rule 26: 60–79 较好, below 差
DEPUTIES_OBJECTION_DAYS = env.int("DEPUTIES_OBJECTION_DAYS", default=7)  # rule 25: the 错重漏 window
# A sign-in sheet with more rows than this is refused (a whole register is ~300 rows).
DEPUTIES_IMPORT_MAX_ROWS = env.int("DEPUTIES_IMPORT_MAX_ROWS", default=5000)
DEPUTIES_IMPORT_MAX_BYTES = env.int("DEPUTIES_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
DEPUTIES_TOTALS_HOUR = env.int("DEPUTIES_TOTALS_HOUR", default=2)
CELERY_BEAT_SCHEDULE["deputies-points-totals"] = {
    "task": "deputies.refresh_points_totals",
    "schedule": crontab(hour=DEPUTIES_TOTALS_HOUR, minute=30),
}
# The public notice page's objection form: at most this many per address and hour.
DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR = env.int("DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR", default=5)
# The quarterly pace note goes this many days before each quarter ends (deputies/reminders.py).
DEPUTIES_PACE_REMINDER_DAYS = env.list("DEPUTIES_PACE_REMINDER_DAYS", cast=int, default=[14])

# --------------------------------------------------------------------------- oversight (domain.md §2, rules 15–19)
# Rule 17: a deliberation opinion's handling report is due this many months after it is sent (unverified default).
OVERSIGHT_HANDLING_MONTHS = env.int("OVERSIGHT_HANDLING_MONTHS", default=2)
# Rule 16: after a 不满意 result, the follow-up handling report is due this many months later.
OVERSIGHT_FOLLOW_UP_MONTHS = env.int("OVERSIGHT_FOLLOW_UP_MONTHS", default=2)
# Rule 19: file within N days of publication; review within N days of receipt.
OVERSIGHT_FILING_DAYS = env.int("OVERSIGHT_FILING_DAYS", default=30)
OVERSIGHT_REVIEW_DAYS = env.int("OVERSIGHT_REVIEW_DAYS", default=30)
# Reminders before a finding's or a filing review's due date, and every N days once overdue.
OVERSIGHT_REMINDER_DAYS = env.list("OVERSIGHT_REMINDER_DAYS", cast=int, default=[30, 7, 1])
OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS = env.int("OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS", default=7)
# Budget execution warning tiers: the gap (planned − actual, percentage points) at which tiers 1, 2, 3 start.
OVERSIGHT_BUDGET_TIERS = env.list("OVERSIGHT_BUDGET_TIERS", cast=str, default=["10", "20", "30"])
# Budget import bounds: the file's size and its number of data rows.
OVERSIGHT_IMPORT_MAX_BYTES = env.int("OVERSIGHT_IMPORT_MAX_BYTES", default=5_000_000)
OVERSIGHT_IMPORT_MAX_ROWS = env.int("OVERSIGHT_IMPORT_MAX_ROWS", default=20_000)
# Public call for topics: proposals one address may send per hour.
OVERSIGHT_PUBLIC_PROPOSALS_PER_HOUR = env.int("OVERSIGHT_PUBLIC_PROPOSALS_PER_HOUR", default=5)
# The row-history admin under the office's words (issue 7): a proxy of pghistory.Events.
PGHISTORY_ADMIN_MODEL = "congress.RowHistory"
# Who changed a tracked row is known for requests that change rows. pghistory's default also wraps
# every GET, prefixing each of its statements with two set_config() calls the server runs and
# answers: a read pays for a context no read writes (issue 7, list speed).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# One date format per language (congress/formats/en: "25 Nov 2026, 20:40").
FORMAT_MODULE_PATH = ["congress.formats"]
