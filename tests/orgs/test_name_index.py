"""Name search through the index finds exactly what scanning every name in scope finds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.orgs import queries
from shuzhi.orgs.grams import name_grams
from shuzhi.orgs.models import Organization, OrganizationNameGram, Person, PersonNameGram
from shuzhi.orgs.search_index import index_organizations, index_people
from shuzhi.orgs.services import create_person, move_organization, update_organization
from tests.factories import make_org, make_person, make_user

pytestmark = pytest.mark.django_db

# Few characters, so that generated names share bigrams and queries often match.
CHARACTERS = "党委支部村镇清河山水王李芳建国"
names = st.text(alphabet=CHARACTERS, min_size=1, max_size=7)
queries_text = st.text(alphabet=CHARACTERS + "X", min_size=1, max_size=3)


def scan_organizations(scope: list[Organization], text: str) -> list[int]:
    """Today's search: every name in scope tested, tree order."""
    text = text.strip()
    hits = [o for o in scope if text.lower() in o.name.lower() or o.code.lower() == text.lower()]
    return [o.pk for o in sorted(hits, key=lambda o: o.path)][: queries.SEARCH_LIMIT]


def scan_people(scope: list[Person], text: str) -> list[int]:
    hits = [p for p in scope if text in p.name or p.code.lower() == text.lower()]
    return [p.pk for p in sorted(hits, key=lambda p: (p.name, p.code))][: queries.SEARCH_LIMIT]


@pytest.fixture
def named_tree(small_city):
    """Four more organisations and a few people under county A, to be renamed by examples."""
    extra = [make_org(f"机构{n}", small_city.town_a1, code=f"X-{n}") for n in range(4)]
    people = [make_person(f"人{n}", org, code=f"XP{n}") for n, org in enumerate(extra)]
    return small_city, extra, people


@pytest.fixture(params=["page-sized windows", "windows of 1-2 rows"])
def windows(request, monkeypatch):
    """The tree-order walk as it runs, and with windows so small that a longer name is found
    over several of them and past the last one (the database's join takes the rest)."""
    if request.param == "windows of 1-2 rows":
        monkeypatch.setattr(queries, "WINDOWS", (1, 2))
        monkeypatch.setattr(queries, "MAX_WINDOWS", 2)
        monkeypatch.setattr(queries, "SEARCH_LIMIT", 3)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    org_names=st.lists(names, min_size=4, max_size=4),
    person_names=st.lists(names, min_size=4, max_size=4),
    text=queries_text,
)
def test_search_equals_a_scan_of_every_name_in_scope(
    named_tree, windows, city_admin, county_admin, org_names, person_names, text
):
    city, extra, people = named_tree
    # Bulk writes bypass save(): re-index them the way imports do.
    for org, name in zip(extra, org_names, strict=True):
        org.name = name
    Organization.objects.bulk_update(extra, ["name"])
    index_organizations([o.pk for o in extra])
    for person, name in zip(people, person_names, strict=True):
        person.name = name
    Person.objects.bulk_update(people, ["name"])
    index_people([p.pk for p in people])
    for user, root in ((city_admin, city.city), (county_admin, city.county_a)):
        scope = list(queries.subtree(root))
        found = [o.pk for o in queries.search(user, text)]
        assert found == scan_organizations(scope, text)
        under = [o.pk for o in queries.search(user, text, under=city.town_a1)]
        assert under == scan_organizations(list(queries.subtree(city.town_a1)), text)
        kept = list(Person.objects.filter(unit__in=scope))
        assert [p.pk for p in queries.search_people(user, text)] == scan_people(kept, text)


def test_the_index_follows_saves_renames_moves_and_deletes(small_city, city_admin):
    town = small_city.town_a1
    village = make_org("清河村党总支", town, code="QH")
    assert [o.pk for o in queries.search(city_admin, "清河")] == [village.pk]
    update_organization(actor=city_admin, organization=village, name="青山村党总支")
    assert not queries.search(city_admin, "清河").exists()
    assert [o.pk for o in queries.search(city_admin, "山村")] == [village.pk]
    person = create_person(actor=city_admin, code="QP1", name="王建国", unit=village)
    move_organization(actor=city_admin, organization=village, new_parent=small_city.town_b1)
    county_b = make_user("b_admin", "admin", small_city.county_b)
    county_a = make_user("a_admin", "admin", small_city.county_a)
    assert [o.pk for o in queries.search(county_b, "山村")] == [village.pk]
    assert not queries.search(county_a, "山村").exists()
    assert [p.pk for p in queries.search_people(county_b, "建国")] == [person.pk]
    assert not queries.search_people(county_a, "建国").exists()
    assert [p.pk for p in queries.search_people(county_b, "qp1")] == [person.pk]
    person.delete()
    village.delete()
    assert not PersonNameGram.objects.filter(person_id=person.pk).exists()
    assert not OrganizationNameGram.objects.filter(organization_id=village.pk).exists()


def test_every_character_of_a_name_is_reachable_from_its_grams() -> None:
    grams = name_grams("清河村", "C-1")
    assert grams == {"清河", "河村", "村", "=c-1"}


def test_a_full_rebuild_gives_the_same_index(small_city):
    make_person("王建国", small_city.village_a1, code="QP2")
    before = sorted(OrganizationNameGram.objects.values_list("gram", "path", "organization_id"))
    people = sorted(PersonNameGram.objects.values_list("gram", "path", "person_id"))
    index_organizations()
    index_people()
    after = sorted(OrganizationNameGram.objects.values_list("gram", "path", "organization_id"))
    assert after == before and len(after) > 0
    assert sorted(PersonNameGram.objects.values_list("gram", "path", "person_id")) == people
