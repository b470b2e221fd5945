"""The grade and the veto read the same on the results page, the breakdown, the 汇总表 and
in the engine: all take the label from the one vocabulary class."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.vocabulary.indicators import VetoEffect
from shuzhi.scoring.models import Result
from tests.scoring.helpers import vetoed_round

pytestmark = pytest.mark.django_db


def test_grade_and_veto_labels_are_the_vocabulary_everywhere(small_city, city_admin, compute):
    round_, reporters = vetoed_round(small_city, city_admin, compute)
    vetoed = Result.objects.get(reporter=reporters[0])
    grade_label = Grade(vetoed.grade).label
    assert vetoed.veto == VetoEffect.CAP_GRADE
    assert vetoed.get_grade_display() == grade_label  # the model's choices
    assert vetoed.veto_reason.startswith(VetoEffect.CAP_GRADE.label)  # written by the engine

    client = Client()
    client.force_login(city_admin)
    page = client.get(f"/scoring/{round_.pk}/results/").content.decode()
    assert grade_label in page
    detail = client.get(f"/scoring/{round_.pk}/results/{reporters[0].pk}/").content.decode()
    assert VetoEffect.CAP_GRADE.label in detail
    summary = load_workbook(BytesIO(client.get(f"/scoring/{round_.pk}/summary.xlsx").content))
    cells = {str(c.value) for sheet in summary for row in sheet.iter_rows() for c in row}
    assert grade_label in cells
    assert not cells & {"等次封顶", "一票否决（等次封顶）"}
