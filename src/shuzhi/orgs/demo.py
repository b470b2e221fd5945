"""The demo city: a fictional prefecture-level city modelled on the first source article
(9 counties and 2 development zones, 122 townships and streets, villages and communities
under them, branches), with a secretary for every organisation and pools of representatives.

Deterministic: the same seed always builds the same city.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from shuzhi.accounts.models import RoleGrant, User
from shuzhi.audit.services import record
from shuzhi.orgs import tree
from shuzhi.orgs.choices import PostRole, RepresentativeCategory
from shuzhi.orgs.demo_names import (
    CITY,
    CITY_DEPARTMENTS,
    COUNTIES,
    COUNTY_DEPARTMENTS,
    GIVEN_CHARS,
    PLACE_SYLLABLES,
    SURNAMES,
    ZONES,
)
from shuzhi.orgs.models import Organization, Person, Post, Representative
from shuzhi.orgs.search_index import index_organizations, index_people

DEMO_PASSWORD = "Demo@2026"


@dataclass
class Node:
    code: str
    name: str
    level: str
    kind: str
    field: str
    parent: Node | None = None
    children: list[Node] = dataclasses.field(default_factory=list)

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    scope: str


class Namer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def place(self) -> str:
        while True:
            name = self.rng.choice(PLACE_SYLLABLES) + self.rng.choice(PLACE_SYLLABLES)
            if name not in self.used and name[0] != name[1]:
                self.used.add(name)
                return name

    def person(self) -> str:
        given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given


def build_tree(rng: random.Random) -> Node:
    namer = Namer(rng)
    city = Node(CITY[0], CITY[1], "city", "party_committee", "regional")
    for index, (name, kind, field_) in enumerate(CITY_DEPARTMENTS, start=1):
        department = city.add(Node(f"QL-D{index:02d}", name, "city", kind, field_))
        for b in range(1, rng.randint(2, 4)):
            department.add(
                Node(
                    f"{department.code}-{b:02d}",
                    f"{name.removesuffix('党组').removesuffix('党委')}第{b}党支部",
                    "branch",
                    "branch",
                    field_,
                )
            )
    units = [(n, t, "party_committee") for n, t in COUNTIES] + [
        (n, t, "working_committee") for n, t in ZONES
    ]
    for c_index, (county_name, townships, kind) in enumerate(units, start=1):
        suffix = "党工委" if kind == "working_committee" else "委"
        county = city.add(
            Node(f"QL-{c_index:02d}", f"中共{county_name}{suffix}", "county", kind, "regional")
        )
        short = county_name[:2]
        for d_index, (dept, dept_kind, dept_field) in enumerate(COUNTY_DEPARTMENTS, start=1):
            county.add(
                Node(f"{county.code}-D{d_index}", f"{short}{dept}", "county", dept_kind, dept_field)
            )
        for t_index in range(1, townships + 1):
            is_street = kind == "working_committee" or t_index % 4 == 0
            place = namer.place()
            town_name = f"{place}{'街道' if is_street else '镇'}"
            town_kind = "working_committee" if is_street else "party_committee"
            town = county.add(
                Node(
                    f"{county.code}-{t_index:02d}",
                    f"{town_name}{'党工委' if is_street else '党委'}",
                    "township",
                    town_kind,
                    "regional",
                )
            )
            for v_index in range(1, rng.randint(15, 25) + 1):
                community = is_street or rng.random() < 0.08
                village_name = namer.place() + ("社区" if community else "村")
                large = rng.random() < 0.3
                village = town.add(
                    Node(
                        f"{town.code}-{v_index:03d}",
                        f"{village_name}{'党总支' if large else '党支部'}",
                        "village",
                        "general_branch" if large else "branch",
                        "community" if community else "rural",
                    )
                )
                if large:
                    for b in range(1, rng.randint(2, 4) + 1):
                        village.add(
                            Node(
                                f"{village.code}-{b}",
                                f"{village_name}第{b}党支部",
                                "branch",
                                "branch",
                                village.field,
                            )
                        )
    return city


def _flatten(root: Node) -> list[tuple[Node, str]]:
    """Depth-first, with materialised paths assigned in child order."""
    out: list[tuple[Node, str]] = []

    def walk(node: Node, path: str) -> None:
        out.append((node, path))
        for number, child in enumerate(node.children, start=1):
            walk(child, tree.child_path(path, number))

    walk(root, tree.child_path("", 1))
    return out


@transaction.atomic
def build_demo_city(seed: int = 2016) -> list[DemoLogin]:
    """Create the demo city, its people and demo accounts; returns the logins to print."""
    rng = random.Random(seed)
    nodes = _flatten(build_tree(rng))
    by_code: dict[str, Organization] = {}
    for depth in sorted({tree.depth_of(path) for _, path in nodes}):
        batch = [
            Organization(
                code=n.code,
                name=n.name,
                level=n.level,
                kind=n.kind,
                field=n.field,
                path=path,
                depth=depth,
                parent=by_code[n.parent.code] if n.parent else None,
            )
            for n, path in nodes
            if tree.depth_of(path) == depth
        ]
        Organization.objects.bulk_create(batch, batch_size=2000)
        by_code.update({o.code: o for o in batch})

    namer = Namer(rng)
    people: list[Person] = []
    posts: list[Post] = []
    representatives: list[Representative] = []

    def new_person(unit: Organization) -> Person:
        person = Person(
            code=f"P{len(people) + 1:06d}",
            name=namer.person(),
            unit=unit,
            gender=rng.choice("MMF"),
            birth_year=rng.randint(1965, 1992),
        )
        people.append(person)
        return person

    for node, _ in nodes:
        organization = by_code[node.code]
        roles = [PostRole.SECRETARY]
        if node.level in ("city", "county", "township"):
            roles += [PostRole.DEPUTY_SECRETARY, PostRole.ORGANISER]
        for role in roles:
            start = date(rng.randint(2018, 2024), rng.randint(1, 12), 1)
            if role == PostRole.SECRETARY and node.level == "township" and rng.random() < 0.3:
                predecessor = new_person(organization)
                posts.append(
                    Post(
                        organization=organization,
                        person=predecessor,
                        role=role,
                        start_date=date(start.year - 4, start.month, 1),
                        end_date=date(start.year, start.month, 1),
                    )
                )
                start = date(start.year, start.month, 2)
            posts.append(
                Post(
                    organization=organization,
                    person=new_person(organization),
                    role=role,
                    start_date=start,
                )
            )
        pool = (
            {"city": 60, "county": 30, "township": 12}.get(node.level, 0)
            if node.field == "regional"
            else 0
        )
        categories = list(RepresentativeCategory.values)
        for index in range(pool):
            representatives.append(
                Representative(
                    organization=organization,
                    person=new_person(organization),
                    category=categories[index % len(categories)],
                )
            )
    Person.objects.bulk_create(people, batch_size=2000)
    index_organizations([o.pk for o in by_code.values()])
    index_people([p.pk for p in people])
    Post.objects.bulk_create(posts, batch_size=2000)
    Representative.objects.bulk_create(representatives, batch_size=2000)
    logins = _demo_accounts(by_code, posts)
    record(
        actor=None,
        action="demo.seed",
        target=by_code[CITY[0]],
        after={"organizations": len(nodes), "people": len(people), "seed": seed},
    )
    return logins


def _demo_accounts(by_code: dict[str, Organization], posts: list[Post]) -> list[DemoLogin]:
    township_secretary = next(
        p
        for p in posts
        if p.organization.code == "QL-01-01" and p.role == "secretary" and p.end_date is None
    )
    accounts = [
        ("admin", "市委组织部管理员（系统管理员）", "admin", "QL", True, None),
        ("county_admin", "清河县委组织部管理员", "admin", "QL-01", False, None),
        (
            "secretary",
            f"{township_secretary.organization.name}书记",
            "secretary",
            "QL-01-01",
            False,
            township_secretary.person,
        ),
        ("reviewer", "市委组织部审核人", "reviewer", "QL", False, None),
        ("host", "述职评议会主持人", "host", "QL", False, None),
        ("inspector", "视察组成员", "inspector", "QL", False, None),
        ("viewer", "云溪县只读查看", "viewer", "QL-02", False, None),
    ]
    logins = []
    for username, label, role, scope, superuser, person in accounts:
        display = person.name if person is not None else label
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display,
            is_superuser=superuser,
            is_staff=superuser,
            person=person,
        )
        RoleGrant.objects.create(user=user, role=role, organization=by_code[scope])
        logins.append(DemoLogin(username, label, by_code[scope].name))
    return logins


def demo_exists() -> bool:
    return Organization.objects.filter(code=CITY[0]).exists()
