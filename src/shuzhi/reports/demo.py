"""The reports part of the demo city: six reports of the demo round in different review states.

Runs after the round builder (order 10). With no round, it creates nothing.
"""

from __future__ import annotations

import random

from shuzhi.accounts.models import RoleGrant, User
from shuzhi.orgs.models import Organization
from shuzhi.reports import services
from shuzhi.reports.demo_texts import boastful_sections, good_sections, returned_reasons
from shuzhi.reports.models import DutyReport
from shuzhi.rounds.models import Reporter, Round

ALL_GATES = ["gate_problems", "gate_causes", "gate_measures", "gate_materials"]
DEMO_PASSWORD = "Demo@2026"


def _account(username: str, label: str, role: str, scope: Organization) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, display_name=label
        )
        RoleGrant.objects.create(user=user, role=role, organization=scope)
    return user


def _author(reporter: Reporter, fallback: User) -> User:
    return User.objects.filter(person_id=reporter.person_id, is_active=True).first() or fallback


def build_demo(*, seed: int) -> None:
    """Passed, under review with a copied passage, returned, and draft reports."""
    round_ = (
        Round.objects.select_related("hearing_organization__parent").order_by("-year", "pk").first()
    )
    if round_ is None:
        return
    reporters = list(
        Reporter.objects.filter(round=round_)
        .exclude(pk__in=DutyReport.objects.values("reporter_id"))
        .select_related("organization", "person")
        .order_by("speaking_order", "organization__path")[:6]
    )
    if not reporters:
        return
    rng = random.Random(seed)
    hearing = round_.hearing_organization
    system = User.objects.filter(is_superuser=True).order_by("pk").first()
    if system is None:
        system = User.objects.create_superuser("report_admin", password=DEMO_PASSWORD)
    steps = [
        _account("report_reviewer", f"{hearing.name}组织部审核人", "reviewer", hearing),
        _account("hearing_secretary", f"{hearing.name}书记", "secretary", hearing),
        _account("upper_reviewer", "上级组织部审核人", "reviewer", hearing.parent or hearing),
    ]
    # Three pass (so the meeting's agenda has speakers), one copies a passed report's problems
    # and waits at step 1, one was returned at step 2, one is still a draft.
    states = ["passed", "passed", "passed", "copied", "returned", "draft"]
    passed_sections: dict[str, str] | None = None
    for number, (reporter, state) in enumerate(zip(reporters, states, strict=False)):
        author = _author(reporter, system)
        name = reporter.organization.name
        if state == "draft":
            sections = boastful_sections(rng, name)
        else:
            sections = good_sections(rng, name, variant=number)
        if state == "copied" and passed_sections is not None:
            sections = {
                **sections,
                "problems": passed_sections["problems"],
                "causes": passed_sections["causes"],
            }
        report = services.open_report(actor=author, reporter=reporter)
        report = services.save_draft(actor=author, report=report, sections=sections, answers={})
        if state == "passed" and passed_sections is None:
            passed_sections = sections
        if state == "draft":
            continue
        services.submit(actor=author, report=report)
        signers = {"returned": 1, "passed": 3, "copied": 0}[state]
        for step in steps[:signers]:
            services.decide(actor=step, report=report, decision="pass", gates=ALL_GATES)
        if state == "returned":
            services.decide(
                actor=steps[1], report=report, decision="return", reasons=returned_reasons()
            )
