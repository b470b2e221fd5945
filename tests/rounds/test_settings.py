from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shuzhi.audit.models import AuditEntry
from shuzhi.rounds.models import RoundSettings
from shuzhi.rounds.services import set_peer_groups, settings_of, update_settings
from shuzhi.rounds.settings_models import SOURCE_WEIGHT_FIELDS
from tests.rounds.helpers import county_round

pytestmark = pytest.mark.django_db


def test_default_settings_follow_the_articles(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    current = settings_of(round_)
    current.full_clean()
    assert (current.class_1_percent, current.class_2_percent, current.class_3_percent) == (
        20,
        50,
        30,
    )
    assert (current.pay_class_1_percent, current.pay_class_3_percent) == (100, 20)


def test_source_weights_not_summing_to_100_are_refused_with_the_total(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    with pytest.raises(ValidationError, match="各评分来源权重之和必须为 100%，当前为 105%"):
        update_settings(actor=city_admin, round=round_, values={"weight_onsite": Decimal(35)})
    assert settings_of(round_).weight_onsite == 30
    assert not AuditEntry.objects.filter(action="rounds.settings.update").exists()


def test_the_database_itself_refuses_weights_off_100(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    settings_of(round_)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundSettings.objects.filter(round=round_).update(weight_leader=Decimal(99))


def test_two_level_weights_count_in_the_sum(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    update_settings(
        actor=city_admin,
        round=round_,
        values={"weight_indicators": Decimal(30), "weight_level_1": Decimal(30)},
    )
    entry = AuditEntry.objects.get(action="rounds.settings.update")
    assert entry.before == {"weight_indicators": "60.00", "weight_level_1": "0.00"}
    assert entry.after == {"weight_indicators": "30", "weight_level_1": "30"}


def test_settings_page_rejects_bad_sums_and_keeps_the_input(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    page = client.get(f"/rounds/{round_.pk}/settings/")
    form = {k: v for k, v in page.context["form"].initial.items() if k != "id" and v is not None}
    form.update({"class_1_percent": "25"})
    response = client.post(f"/rounds/{round_.pk}/settings/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "一、二、三类比例之和必须为 100%，当前为 105%" in html
    assert 'value="25"' in html
    form.update({"class_1_percent": "20", "class_2_percent": "45", "class_3_percent": "35"})
    assert client.post(f"/rounds/{round_.pk}/settings/", form).status_code == 302
    assert settings_of(round_).class_3_percent == 35


def test_peer_group_with_reporters_cannot_be_removed(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    with pytest.raises(ValidationError, match="仍有述职人"):
        set_peer_groups(actor=city_admin, round=round_, names=["其他组"])
    set_peer_groups(actor=city_admin, round=round_, names=["乡镇组", "街道组"])
    assert list(round_.peer_groups.values_list("name", flat=True)) == ["乡镇组", "街道组"]


def test_assigning_a_reporter_to_a_group_by_htmx(small_city, city_admin):
    round_, reporters = county_round(small_city, city_admin)
    set_peer_groups(actor=city_admin, round=round_, names=["乡镇组", "街道组"])
    client = Client()
    client.force_login(city_admin)
    url = f"/rounds/{round_.pk}/reporters/{reporters[0].pk}/group/"
    assert client.post(url, {"peer_group": "街道组"}).status_code == 200
    assert client.post(url, {"peer_group": "不存在"}).status_code == 400
    reporters[0].refresh_from_db()
    assert reporters[0].peer_group == "街道组"


def test_another_countys_round_is_not_found(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    from tests.factories import make_user

    other = make_user("b_admin", "admin", small_city.county_b)
    client = Client()
    client.force_login(other)
    for page in ("", "settings/", "groups/", "indicators/", "indicators/export.xlsx"):
        assert client.get(f"/rounds/{round_.pk}/{page}").status_code == 404
    assert round_.name not in client.get("/rounds/").content.decode()


def test_stage_dates_are_set_on_the_overview_and_bad_spans_refused(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    url = f"/rounds/{round_.pk}/"
    bad = {"meeting_starts_on": "2026-01-10", "meeting_ends_on": "2026-01-05"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "「述职评议会」的结束日期不能早于开始日期" in response.content.decode()
    assert 'value="2026-01-10"' in response.content.decode()
    half = {"scoring_starts_on": "2026-01-10"}
    assert "须同时填写开始和结束日期" in client.post(url, half).content.decode()
    good = {"meeting_starts_on": "2026-01-10", "meeting_ends_on": "2026-01-12"}
    assert client.post(url, good).status_code == 302
    [stage] = round_.stages.all()
    assert (stage.stage, stage.ends_on.isoformat()) == ("meeting", "2026-01-12")
    assert AuditEntry.objects.filter(action="rounds.stages.set").count() == 1


@given(
    st.lists(
        st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
        min_size=6,
        max_size=6,
    )
)
@example([Decimal(60), Decimal("29.99"), Decimal("10.01"), Decimal(0), Decimal(0), Decimal(0)])
@example([Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal("50.5"), Decimal("49.5")])
@settings(max_examples=60, deadline=None)
def test_source_weights_are_accepted_exactly_when_they_sum_to_100(weights):
    current = RoundSettings(**dict(zip(SOURCE_WEIGHT_FIELDS, weights, strict=True)))
    try:
        current.clean()
    except ValidationError as error:
        assert sum(weights) != 100
        assert "weight_indicators" in error.message_dict
    else:
        assert sum(weights) == 100


def test_creating_a_round_for_an_unknown_or_foreign_body_keeps_the_input(small_city, county_admin):
    client = Client()
    client.force_login(county_admin)
    form = {"year": "2025", "period": "first_half", "name": "", "organization_code": "NOPE"}
    response = client.post("/rounds/", form)
    page = response.content.decode()
    assert response.status_code == 400 and "找不到编码为「NOPE」的党组织" in page
    # The error says what a code looks like, with a real one from the admin's own subtree.
    assert "组织编码是组织树中" in page and "「甲县委」的编码是「C-A」" in page
    assert 'value="NOPE"' in page
    response = client.post("/rounds/", form | {"organization_code": "C-B"})
    assert response.status_code == 400 and "不在您的管理范围内" in response.content.decode()
    response = client.post("/rounds/", form | {"organization_code": "C-A1"})
    assert response.status_code == 302
    from shuzhi.rounds.models import Round

    created = Round.objects.get()
    assert (created.period, created.settings.class_1_percent) == ("first_half", 20)


def test_the_model_takes_the_shared_schemas_defaults_and_checks(small_city, city_admin):
    from shuzhi.rounds.settings_schema import DEFAULTS

    fresh = RoundSettings()
    assert {field: getattr(fresh, field) for field in DEFAULTS} == DEFAULTS
    round_, _ = county_round(small_city, city_admin)
    with pytest.raises(ValidationError, match="末位约谈只能按人数或按比例其中一种设定"):
        update_settings(
            actor=city_admin, round=round_, values={"interview_bottom_percent": Decimal(10)}
        )
    update_settings(actor=city_admin, round=round_, values={"honours_refill": True})
    assert settings_of(round_).honours_refill
