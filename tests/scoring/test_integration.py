"""With the other apps' real receivers: publishing puts the bottom-ranked on rectification's
interview ledger."""

from datetime import date

import pytest

from shuzhi.rectification.models import Interview
from shuzhi.scoring.publication import publish_results
from tests.scoring.helpers import scored_round

pytestmark = pytest.mark.django_db


def test_publication_puts_the_bottom_ranked_on_the_interview_ledger(
    small_city, city_admin, compute
):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    publish_results(
        actor=city_admin, round=round_, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 11)
    )
    [interview] = Interview.objects.all()
    assert (interview.person_id, interview.round_id, interview.reason) == (
        reporters[1].person_id,
        round_.pk,
        "bottom_rank",
    )
    assert interview.detail == "乡镇组第 2 名（共 2 名）"
