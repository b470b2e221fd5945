"""Every page, as every demo account: no server error, Chinese, well-formed, scoped.

The whole demo city (all apps' demo builders, the same as ``./dev demo``) is built once for the
module; each account then starts at ``/`` and follows same-site links (tests/pagecrawl.py).
Known bugs owned by other apps are listed in KNOWN_BUGS: they are excluded from the crawl
assertions and each gets its own strict xfail, so a fix shows up as an XPASS to clean up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve

from shuzhi.accounts.models import User
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization
from tests.pagecrawl import Page, crawl, fetch

ROLES = ["admin", "county_admin", "secretary", "reviewer", "host", "inspector", "viewer"]
ROLES += ["report_reviewer", "hearing_secretary", "upper_reviewer"]
SCOPED = ["county_admin", "viewer"]
pytestmark = pytest.mark.django_db

# (account, URL name) -> why it fails today. Each entry is asserted to still fail.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


@dataclass
class CrawlResult:
    pages: dict[str, list[Page]]
    seen: dict[str, set[str]]


@pytest.fixture(scope="module")
def demo_crawl(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CrawlResult]:
    from shuzhi.core.demo import build_app_demos
    from shuzhi.orgs.demo import build_demo_city

    media = Path(tmp_path_factory.mktemp("media"))
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media, AXES_ENABLED=False),
        transaction.atomic(),
    ):
        build_demo_city(seed=2016)
        build_app_demos(seed=2016)
        result = CrawlResult({}, {})
        # Pages no other page links to (reached by a typed URL or a redirect) are crawled too.
        orphans = ("/", "/accounts/tokens/", *[f"/reports/rounds/{pk}/chain/" for pk in rounds()])
        for username in ROLES:
            client = Client()
            client.force_login(User.objects.get(username=username))
            result.pages[username], result.seen[username] = crawl(client, start=orphans)
        result.pages["anonymous"], _ = crawl(Client(), limit=20)
        if dump := os.environ.get("CRAWL_DUMP"):
            pages = {k: [vars(p) for p in v] for k, v in result.pages.items()}
            Path(dump).write_text(json.dumps(pages, ensure_ascii=False, indent=1))
        yield result
        transaction.set_rollback(True)


def rounds() -> list[int]:
    return list(apps.get_model("rounds.Round").objects.order_by("pk").values_list("pk", flat=True))


def _problems(pages: list[Page], username: str) -> list[str]:
    return [
        f"{page.url} [{page.name}] {page.status}: {problem}"
        for page in pages
        if (username, page.name) not in KNOWN_BUGS
        for problem in page.problems
    ]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_is_sound(demo_crawl: CrawlResult, username: str) -> None:
    pages = demo_crawl.pages[username]
    assert len(pages) > 1, "the home page links nowhere"
    problems = _problems(pages, username)
    assert not problems, "\n".join(problems)


def test_a_visitor_who_is_not_signed_in_sees_only_the_chinese_login_page(
    demo_crawl: CrawlResult,
) -> None:
    pages = demo_crawl.pages["anonymous"]
    assert {page.name for page in pages if page.status == 200} == {"accounts:login"}
    problems = _problems(pages, "anonymous")
    assert not problems, "\n".join(problems)


def test_the_admin_reaches_every_app(demo_crawl: CrawlResult) -> None:
    names = {page.name.split(":")[0] for page in demo_crawl.pages["admin"]}
    assert {"orgs", "rounds", "scoring", "reports", "meetings", "rectification", "records"} <= names


def test_the_first_use_pages_are_reached(demo_crawl: CrawlResult) -> None:
    names = {page.name for page in demo_crawl.pages["admin"]}
    assert {"orgs:pick", "rounds:indicator-edit", "reports:list", "rectification:home"} <= names
    home = next(p for p in demo_crawl.pages["admin"] if p.url == "/")
    assert any(link.startswith("/reports/?todo=review") for link in home.links)


# URL kwargs that name something owned by an organisation: (namespace, kwarg) -> (model, path).
OWNERS = {
    ("orgs", "code"): ("orgs.Organization", "code", "path"),
    ("rectification", "code"): ("orgs.Organization", "code", "path"),
    ("analytics", "code"): ("orgs.Organization", "code", "path"),
    ("analytics", "theme_id"): ("analytics.Theme", "pk", "theme_set__organization__path"),
    ("orgs", "person_id"): ("orgs.Person", "pk", "unit__path"),
    **{
        (namespace, "round_id"): ("rounds.Round", "pk", "hearing_organization__path")
        for namespace in ("rounds", "scoring", "reports")
    },
    ("rounds", "reporter_id"): ("rounds.Reporter", "pk", "organization__path"),
    ("scoring", "reporter_id"): ("rounds.Reporter", "pk", "organization__path"),
    ("reports", "reporter_id"): ("rounds.Reporter", "pk", "organization__path"),
    ("reports", "pk"): ("reports.DutyReport", "pk", "organization__path"),
    ("meetings", "pk"): ("meetings.Meeting", "pk", "hosting_organization__path"),
    ("rectification", "problem_id"): ("rectification.Problem", "pk", "organization__path"),
    ("rectification", "item_id"): ("rectification.RectificationItem", "pk", "organization__path"),
    ("rectification", "interview_id"): ("rectification.Interview", "pk", "organization__path"),
    ("rectification", "evidence_id"): ("rectification.Evidence", "pk", "item__organization__path"),
    ("records", "code"): ("orgs.Organization", "code", "path"),
    ("records", "round_id"): ("rounds.Round", "pk", "hearing_organization__path"),
    ("records", "log_id"): ("records.WorkLog", "pk", "organization__path"),
    ("records", "merit_id"): ("records.MeritRecord", "pk", "hearing_organization__path"),
    ("records", "meeting_id"): ("records.JointMeeting", "pk", "organization__path"),
}


def _owner_paths(url: str) -> list[str]:
    match = resolve(url.split("?")[0])
    paths = []
    for kwarg, value in match.kwargs.items():
        owner = OWNERS.get((match.namespace, kwarg))
        if owner is None:
            continue
        label, key, path = owner
        model = apps.get_model(label)
        paths += list(model.objects.filter(**{key: value}).values_list(path, flat=True))
    return paths


@pytest.mark.parametrize("username", SCOPED)
def test_pages_of_another_county_are_refused(demo_crawl: CrawlResult, username: str) -> None:
    user = User.objects.get(username=username)
    root = Organization.objects.get(pk=user.grants.get().organization_id).path
    outside: dict[str, list[str]] = {}
    for url in sorted(demo_crawl.seen["admin"]):
        owners = _owner_paths(url)
        # Another county: neither in the account's subtree nor one of its ancestors.
        if any(not tree.is_within(p, root) and not tree.is_within(root, p) for p in owners):
            outside.setdefault(resolve(url.split("?")[0]).view_name, []).append(url)
    assert len(outside) >= 5, sorted(outside)
    client = Client()
    client.force_login(user)
    replayed = [fetch(client, url) for urls in outside.values() for url in urls[:3]]
    leaks = [f"{page.url}: {page.status}" for page in replayed if page.status == 200]
    assert not leaks, "\n".join(leaks)
    # The refusals themselves are pages too: in Chinese, saying why.
    problems = [f"{page.url}: {problem}" for page in replayed for problem in page.problems]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("username", "name"),
    [
        pytest.param(*key, marks=pytest.mark.xfail(strict=True, reason=why))
        for key, why in KNOWN_BUGS.items()
    ],
)
def test_known_bug_is_still_there(demo_crawl: CrawlResult, username: str, name: str) -> None:
    pages = [page for page in demo_crawl.pages[username] if page.name == name]
    assert pages and not any(page.problems for page in pages)
