"""The demo city's meeting: the latest round's reporters on the agenda, attendees signed in,
about 60 anonymous ballots cast and the box closed, so the results screen has something to show.
With the villages demo's 双述双评 (built before this one), the township's hearing of its village
secretaries and the village hearings are held too (the last village hearing stays in preparation).

Deterministic for a seed; skipped when no round has reporters (the rounds builder is absent).
"""

from __future__ import annotations

import random
from datetime import date

from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.meetings import ballots, box, rules, services
from shuzhi.meetings.models import AgendaItem, BoxState, Meeting
from shuzhi.orgs import tree
from shuzhi.orgs.models import Person, Representative
from shuzhi.rounds.models import Period, Round

BALLOTS_PER_CATEGORY = {"leader": 12, "representative": 20, "member": 16, "masses": 12}
VILLAGE_BALLOTS_PER_CATEGORY = {"member": 12, "masses": 8}
TOWNSHIP_BALLOTS_PER_CATEGORY = {"leader": 6, "representative": 6}
REMARKS = ["村级活动场所使用率不高", "发展党员程序不够规范", "软弱涣散村整顿进度偏慢"]


def _actor() -> User | None:
    return (
        User.objects.filter(username="host").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )


def _place_on_agenda(actor: User, meeting: Meeting, round_: Round) -> None:
    reporters = list(round_.reporters.select_related("person", "organization")[:15])
    cleared = services.clearances([r.pk for r in reporters])
    if any(c.cleared for c in cleared.values()):
        services.add_to_agenda(
            actor=actor, meeting=meeting, reporters=[r for r in reporters if cleared[r.pk].cleared]
        )
        return
    # Without the reports app nobody answers the gate; the demo still shows a full agenda.
    for position, reporter in enumerate(reporters, start=1):
        item = AgendaItem.objects.create(meeting=meeting, reporter=reporter, position=position)
        record(
            actor=actor,
            action="meetings.agenda.add",
            target=item,
            organization=meeting.hosting_organization,
            after={"reporter": reporter.pk, "position": position},
            reason="演示数据：未接入述职报告审核",
        )


def _sign_in(actor: User, meeting: Meeting) -> None:
    host = meeting.hosting_organization
    representatives = [
        rep.person
        for rep in Representative.objects.filter(is_active=True)
        .select_related("organization", "person")
        .order_by("pk")[:400]
        if tree.is_within(rep.organization.path, host.path)
    ][:40]
    leaders = list(Person.objects.filter(unit=host).order_by("code")[:12])
    for person in representatives + leaders:
        services.sign_in(actor=actor, meeting=meeting, person=person)
    extra = 0
    while not services.composition(meeting).holds:
        extra += 1
        person = Person.objects.create(
            code=f"DEMO-MASS-{meeting.pk}-{extra}", name=f"群众代表{extra}", unit=host
        )
        Representative.objects.create(organization=host, person=person, category="masses")
        services.sign_in(actor=actor, meeting=meeting, person=person)


def _hold(actor: User, meeting: Meeting, rng: random.Random, per_category: dict[str, int]) -> None:
    """Sign in, open the formal box, cast seeded ballots (some masses' remarks), close."""
    # A share rule on 好 only makes sense with several reporters on the ballot.
    good_percent = 60 if meeting.agenda.count() >= 5 else 100
    services.update_settings(
        actor=actor, meeting=meeting, values={"max_good_percent": good_percent}
    )
    _sign_in(actor, meeting)
    box.open_box(actor=actor, meeting=meeting)
    ids = ballots.reporter_ids(meeting)
    allowed_good = len(ids) * good_percent // 100
    for category, count in per_category.items():
        for token in ballots.issue_tokens(
            actor=actor, meeting=meeting, category=category, count=count
        ):
            grades = rng.choices(rules.GRADES, weights=[5, 4, 2, 1], k=len(ids))
            goods = [i for i, g in enumerate(grades) if g == "good"]
            for i in goods[allowed_good:]:
                grades[i] = "fair"
            ratings: dict[str, dict[str, str]] = {
                str(rid): {"grade": grade} for rid, grade in zip(ids, grades, strict=True)
            }
            if category == "masses" and rng.random() < 0.25:
                ratings[str(rng.choice(ids))]["remark"] = rng.choice(REMARKS)
            ballots.submit_ballot(raw_token=token, data={"ratings": ratings, "comment": ""})
    box.close_box(actor=actor, meeting=meeting)


def build_demo(*, seed: int) -> None:
    rng = random.Random(seed + 30)
    actor = _actor()
    if actor is None:
        return
    _village_hearings(actor, random.Random(seed + 31))
    # The city's annual round (half-year rounds are the villages' 双述双评, held above).
    round_ = (
        Round.objects.filter(reporters__isnull=False, period=Period.ANNUAL)
        .distinct()
        .order_by("-year", "pk")
        .first()
    )
    if round_ is None or Meeting.objects.filter(round=round_).exists():
        return
    meeting = services.create_meeting(
        actor=actor, round=round_, held_on=date(round_.year, 12, 28), title=""
    )
    _place_on_agenda(actor, meeting, round_)
    _hold(actor, meeting, rng, BALLOTS_PER_CATEGORY)


def _village_hearings(actor: User, rng: random.Random) -> None:
    """双述双评's two hearings, when the villages demo convened village hearings: the township
    hears its village secretaries (the half-year round's own meeting), and each village's
    hearing to its members and masses is held, except the last, left in preparation."""
    hearings = list(
        Meeting.objects.filter(kind=rules.MeetingKind.VILLAGE_HEARING, state=BoxState.PREPARING)
        .select_related("round", "hosting_organization")
        .order_by("hosting_organization__path")
    )
    for meeting in hearings[:-1]:
        _hold(actor, meeting, rng, VILLAGE_BALLOTS_PER_CATEGORY)
    for round_ in sorted({m.round for m in hearings}, key=lambda r: r.pk):
        if Meeting.objects.filter(round=round_, kind=rules.MeetingKind.ROUND_HEARING).exists():
            continue
        township_meeting = services.create_meeting(
            actor=actor, round=round_, held_on=date(round_.year, 6, 25), title=""
        )
        _place_on_agenda(actor, township_meeting, round_)
        _hold(actor, township_meeting, rng, TOWNSHIP_BALLOTS_PER_CATEGORY)
