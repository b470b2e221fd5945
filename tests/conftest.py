from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from shuzhi.accounts.models import User
from shuzhi.orgs.models import Organization
from tests.factories import make_org, make_person, make_post, make_user

# Property tests check invariants, not speed: on a loaded 2-core CI machine a single example can
# take far longer than hypothesis' 200 ms default deadline, which would make them flaky.
hypothesis_settings.register_profile(
    "shuzhi", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shuzhi")


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_inline() -> None:
    # Background jobs run in the calling thread, in memory, so tests see their effects at once.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Argon2 is the production hasher (asserted in tests/accounts/test_login.py); tests that
    # create many accounts use a fast one. Lockouts are tested explicitly where they matter.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class SmallCity:
    """A city with two counties, each with two townships, each with two villages."""

    city: Organization
    county_a: Organization
    county_b: Organization
    town_a1: Organization
    town_a2: Organization
    town_b1: Organization
    village_a1: Organization


@pytest.fixture
def small_city(db) -> SmallCity:  # type: ignore[no-untyped-def]
    city = make_org("测试市委", code="C")
    county_a = make_org("甲县委", city, code="C-A")
    county_b = make_org("乙县委", city, code="C-B")
    towns = {}
    for county in (county_a, county_b):
        for n in (1, 2):
            town = make_org(f"{county.name[0]}{n}镇党委", county, code=f"{county.code}{n}")
            towns[town.code] = town
            for v in (1, 2):
                make_org(
                    f"{town.name[:2]}{v}村党支部",
                    town,
                    code=f"{town.code}-{v}",
                    kind="branch",
                    field="rural",
                )
    village = Organization.objects.get(code="C-A1-1")
    secretary = make_person("甲一书记", towns["C-A1"], code="P-SEC")
    make_post(towns["C-A1"], secretary)
    return SmallCity(city, county_a, county_b, towns["C-A1"], towns["C-A2"], towns["C-B1"], village)


@pytest.fixture
def city_admin(small_city: SmallCity) -> User:
    return make_user("city_admin", "admin", small_city.city)


@pytest.fixture
def county_admin(small_city: SmallCity) -> User:
    return make_user("county_admin", "admin", small_city.county_a)


@pytest.fixture
def superuser(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("root", is_superuser=True, is_staff=True)
