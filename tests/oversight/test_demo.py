"""The demo's oversight plan: topics in every stage, built around the load day."""

from datetime import date

import pytest
from django.core.management import call_command

from oversight.models import BudgetExecution, Finding, SatisfactionVote, SpecialReview, Topic


@pytest.mark.django_db
@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2027, 2, 15)])
def test_the_demo_plan_has_topics_in_every_stage(today, client):
    call_command("seed_demo", "--today", today.isoformat(), "--scale", "small")
    stages = set(Topic.objects.values_list("stage", flat=True))
    # the follow-up topic is back at "opinion sent" with its second round of findings
    assert stages >= {"planned", "research", "heard", "opinion", "rating", "closed"}
    assert SatisfactionVote.objects.filter(result="unsatisfied", published_at__isnull=False).exists()
    assert Finding.objects.filter(opinion__round=2).exists()  # the follow-up round after 不满意
    assert BudgetExecution.objects.filter(tier=3).exists() and SpecialReview.objects.exists()
    from congress.models import User

    client.force_login(User.objects.get(username="staff"))
    page = client.get("/staff/oversight/")
    assert page.status_code == 200 and "年度监督工作计划" in page.content.decode()
