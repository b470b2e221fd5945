import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.rounds.services import create_round, enroll_reporters


@pytest.mark.django_db
def test_round_enrolls_current_secretaries_below_the_hearing_body(small_city, city_admin):
    round_ = create_round(actor=city_admin, hearing_organization=small_city.county_a, year=2025)
    [reporter] = enroll_reporters(
        actor=city_admin, round=round_, organizations=[small_city.town_a1]
    )
    assert reporter.person.name == "甲一书记"
    assert AuditEntry.objects.filter(action="rounds.reporter.enroll").count() == 1


@pytest.mark.django_db
def test_round_refuses_reporters_outside_the_hearing_subtree_or_without_secretary(
    small_city, city_admin
):
    round_ = create_round(actor=city_admin, hearing_organization=small_city.county_a, year=2025)
    with pytest.raises(ValidationError, match="不是听取述职组织的下级组织"):
        enroll_reporters(actor=city_admin, round=round_, organizations=[small_city.town_b1])
    with pytest.raises(ValidationError, match="没有现任书记"):
        enroll_reporters(actor=city_admin, round=round_, organizations=[small_city.town_a2])


@pytest.mark.django_db
def test_county_admin_cannot_open_a_round_for_the_city(small_city, county_admin):
    with pytest.raises(PermissionDenied):
        create_round(actor=county_admin, hearing_organization=small_city.city, year=2025)
