"""Copying last year's peer groups and reporters into a new round, previewed first.

The preview says, organisation by organisation, what will happen: the same secretary reports
again, the secretary changed (the current one is enrolled), the organisation has no secretary
now, or it is gone (inactive, or no longer below the hearing body); those two are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.orgs import tree
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.rounds.models import Round
from shuzhi.rounds.services import enroll_reporters, set_peer_groups

SAME, CHANGED, NO_SECRETARY, GONE, ALREADY = (
    "same",
    "secretary_changed",
    "no_secretary",
    "gone",
    "already",
)
LABELS = {
    SAME: "书记未变",
    CHANGED: "书记已更换",
    NO_SECRETARY: "现无书记，跳过",
    GONE: "组织已撤销或不在下级，跳过",
    ALREADY: "本轮已列入",
}


@dataclass(frozen=True)
class CarriedReporter:
    organization: Organization
    peer_group: str
    before: Person  # last year's reporter
    after: Person | None  # the secretary who would report now
    outcome: str

    @property
    def label(self) -> str:
        return LABELS[self.outcome]

    @property
    def enrolled(self) -> bool:
        return self.outcome in (SAME, CHANGED)


@dataclass(frozen=True)
class CarryOverPlan:
    source: Round
    groups: list[str]  # the target's groups after the copy: its own, then the source's new ones
    new_groups: list[str]
    reporters: list[CarriedReporter]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.reporters if r.outcome == outcome)


def plan_carry_over(source: Round, target: Round) -> CarryOverPlan:
    """What copying ``source``'s groups and reporters into ``target`` would do, in 4 queries."""
    own = list(target.peer_groups.values_list("name", flat=True))
    theirs = list(source.peer_groups.values_list("name", flat=True))
    new_groups = [name for name in theirs if name not in own]
    previous = list(source.reporters.select_related("organization", "person"))
    secretaries = {
        post.organization_id: post.person
        for post in Post.objects.current()
        .filter(organization__in=[r.organization_id for r in previous], role=PostRole.SECRETARY)
        .select_related("person")
    }
    enrolled = set(target.reporters.values_list("organization_id", flat=True))
    body = target.hearing_organization
    carried = []
    for reporter in previous:
        org = reporter.organization
        now = secretaries.get(org.pk)
        if org.pk in enrolled:
            outcome = ALREADY
        elif not org.is_active or org.pk == body.pk or not tree.is_within(org.path, body.path):
            outcome = GONE
        elif now is None:
            outcome = NO_SECRETARY
        else:
            outcome = SAME if now.pk == reporter.person_id else CHANGED
        carried.append(CarriedReporter(org, reporter.peer_group, reporter.person, now, outcome))
    carried.sort(key=lambda c: c.organization.path)
    return CarryOverPlan(source, own + new_groups, new_groups, carried)


@transaction.atomic
def carry_over(*, actor: User, source: Round, target: Round) -> CarryOverPlan:
    """Copy the groups, then enrol each organisation's current secretary in last year's group;
    audited (each enrolment, the groups, and the copy as a whole)."""
    require(actor, "rounds.manage", target.hearing_organization)
    require(actor, "rounds.view", source.hearing_organization)
    plan = plan_carry_over(source, target)
    if plan.new_groups:
        set_peer_groups(actor=actor, round=target, names=plan.groups)
    for group in dict.fromkeys(r.peer_group for r in plan.reporters if r.enrolled):
        organizations = [
            r.organization for r in plan.reporters if r.enrolled and r.peer_group == group
        ]
        enroll_reporters(actor=actor, round=target, organizations=organizations, peer_group=group)
    record(
        actor=actor,
        action="rounds.reporters.carry_over",
        target=target,
        organization=target.hearing_organization,
        after={
            "source_round": source.pk,
            "groups": plan.new_groups,
            **{outcome: plan.count(outcome) for outcome in LABELS},
        },
    )
    return plan
