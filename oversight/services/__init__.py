"""Oversight transitions, one function each: atomic, checked by `oversight.rules` after locking,
audited with `congress.audit.record`, side effects (notifications) as rows in the same transaction."""

from oversight.services.filing import receive_document, register_document, review_document  # noqa: F401
from oversight.services.findings import (  # noqa: F401
    add_evidence,
    close_finding,
    decide_extension,
    report_on_finding,
    request_extension,
)
from oversight.services.plan import (  # noqa: F401
    add_topic,
    adopt_plan,
    amend_plan,
    create_plan,
    place_proposal,
    publish_plan,
    submit_proposal,
)
from oversight.services.ratings import close_topic, committee_members, on_ballot_published, start_vote  # noqa: F401
from oversight.services.topics import (  # noqa: F401
    add_activity,
    issue_opinion,
    record_attendance,
    record_hearing,
    record_question,
    sign_up,
    start_research,
)
