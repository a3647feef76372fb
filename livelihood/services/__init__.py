"""Every transition of the livelihood cycle, one function each (style.md B3)."""

from livelihood.services.adoption import adopt  # noqa: F401
from livelihood.services.collection import (  # noqa: F401
    advance_stage,
    assess_proposal,
    create_cycle,
    merge_proposal,
    screen_out_proposal,
    submit_proposal,
)
from livelihood.services.evaluation import (  # noqa: F401
    close_rectification,
    open_survey,
    record_deputy_rating,
    request_rollup,
    roll_up_survey,
    submit_survey_response,
)
from livelihood.services.implementation import (  # noqa: F401
    add_milestone,
    add_subproject,
    complete_subproject,
    post_progress,
    record_check,
)
from livelihood.services.screening import (  # noqa: F401
    add_candidate,
    approve_candidates,
    publish_candidates,
)
