"""Every upload path refuses a zip bomb before any parser opens it, and stores nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shuzhi.cli import main
from shuzhi.orgs.models import ImportJob, Organization, Person
from shuzhi.rectification import services
from shuzhi.rectification.models import Evidence
from shuzhi.reports.models import DutyReport
from shuzhi.rounds.models import Indicator
from shuzhi.scoring.models import OnsiteEvaluation, ReporterAssessment
from tests.bombs import docx_bomb, xlsx_bomb
from tests.factories import make_user
from tests.rectification.conftest import raise_problem
from tests.reports.conftest import drafted, review_setting
from tests.rounds.helpers import county_round

pytestmark = pytest.mark.django_db
REFUSED = "文件已拒收"


def _upload(data: bytes, name: str = "炸弹.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_orgs_import_page_refuses_a_bomb_and_stores_no_file(small_city, county_admin, settings):
    response = _client(county_admin).post("/orgs/import/", {"file": _upload(xlsx_bomb())})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not ImportJob.objects.exists() and _media_files(settings) == []


def test_orgs_import_api_refuses_a_bomb(small_city, county_admin):
    before = Organization.objects.count()
    response = _client(county_admin).post("/api/orgs/import", {"file": _upload(xlsx_bomb())})
    assert response.status_code == 400
    assert REFUSED in response.json()["errors"][0]["message"]
    assert Organization.objects.count() == before


def test_indicator_import_refuses_a_bomb(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    url = f"/rounds/{round_.pk}/indicators/import/"
    response = _client(city_admin).post(url, {"file": _upload(xlsx_bomb())})
    assert REFUSED in response.content.decode()
    assert not Indicator.objects.filter(round=round_).exists()


def test_sources_import_refuses_a_bomb(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    url = f"/scoring/{round_.pk}/sources/import/"
    response = _client(city_admin).post(url, {"file": _upload(xlsx_bomb()), "reason": ""})
    assert REFUSED in response.content.decode()
    assert not OnsiteEvaluation.objects.exists() and not ReporterAssessment.objects.exists()


def test_report_upload_refuses_a_docx_bomb(small_city):
    review = review_setting(small_city)
    report = drafted(review)
    client = _client(review.secretary)
    response = client.post(
        f"/reports/{report.pk}/upload/",
        {"file": _upload(docx_bomb(), "述职报告.docx")},
        follow=True,
    )
    assert REFUSED in response.content.decode()
    report = DutyReport.objects.get(pk=report.pk)
    assert report.mode != "uploaded" and report.uploaded_text == ""


def test_report_upload_service_refuses_a_docx_bomb(small_city):
    from io import BytesIO

    from django.core.exceptions import ValidationError

    from shuzhi.reports import services

    review = review_setting(small_city)
    report = drafted(review)
    with pytest.raises(ValidationError, match=REFUSED):
        services.upload_document(
            actor=review.secretary, report=report, stream=BytesIO(docx_bomb()), name="述职报告.docx"
        )


def test_evidence_upload_refuses_a_bomb(small_city, settings):
    owner = make_user(
        "town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    problem = raise_problem(small_city.town_a1)
    item = services.create_item(
        actor=owner, problem=problem, measures="整改", deadline=date(2026, 1, 31)
    )
    response = _client(owner).post(
        f"/rectification/items/{item.pk}/evidence/",
        {"file": _upload(docx_bomb(), "佐证.docx"), "note": ""},
    )
    assert REFUSED in response.content.decode()
    assert not Evidence.objects.exists() and _media_files(settings) == []


def test_evidence_service_refuses_a_bomb(small_city, settings):
    owner = make_user(
        "town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    item = services.create_item(
        actor=owner,
        problem=raise_problem(small_city.town_a1),
        measures="整改",
        deadline=date(2026, 1, 31),
    )
    with pytest.raises(ValidationError, match=REFUSED):
        services.attach_evidence(actor=owner, item=item, upload=_upload(xlsx_bomb(), "佐证.xlsx"))
    assert not Evidence.objects.exists() and _media_files(settings) == []


@pytest.mark.parametrize(
    ("args", "bomb"),
    [
        (["import", "{path}", "--as", "county_admin"], xlsx_bomb),
        (["score", "{path}"], xlsx_bomb),
        (["check-report", "{path}"], docx_bomb),
    ],
    ids=["import", "score", "check-report"],
)
def test_cli_refuses_a_bomb(args, bomb, small_city, county_admin, tmp_path: Path):
    path = tmp_path / ("炸弹.docx" if bomb is docx_bomb else "炸弹.xlsx")
    path.write_bytes(bomb())
    before = Organization.objects.count()
    result = CliRunner().invoke(main, [a.replace("{path}", str(path)) for a in args])
    assert result.exit_code != 0 and REFUSED in result.output
    assert Organization.objects.count() == before
