"""The rectification part of the demo city: problems and ledger items in every state.

Runs after the tree and the accounts exist (demo order 40). It uses only the organisations and
demo accounts of the foundation, so it works whether or not the round, report and meeting
builders added anything. Deterministic for a given seed and day.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.core.events import InterviewRequired, RaisedProblem
from shuzhi.orgs.models import Organization, Post
from shuzhi.rectification import deadlines, interviews, services
from shuzhi.rectification.models import RectificationItem
from shuzhi.rectification.rules import Action

PROBLEMS = [
    "“三会一课”制度落实不到位，部分支部组织生活会流于形式",
    "村级活动场所利用率不高，日常开放时间不固定",
    "发展党员把关不严，培养考察记录不完整",
    "党费收缴不及时，个别党员长期未按标准交纳",
    "软弱涣散村党组织整顿进度滞后",
    "流动党员管理台账不健全，联系不经常",
    "基层党建责任清单落实不细，考核压力传导不够",
    "村干部报酬和办公经费保障机制不完善",
]

# A valid 1×1 PNG, so the evidence passes the same content check as an upload.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc00000030101001b5d2b0b0000000049454e44ae426082"
)


def _pixel(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PIXEL, content_type="image/png")


def _advance(item: RectificationItem, state: str, owner: Any, superior: Any) -> None:
    """Take a planned item to ``state`` through the same services a user would."""
    if state == "planned":
        return
    services.transition(actor=owner, item=item, action=Action.START, progress="已制定整改方案")
    if state == "in_progress":
        return
    services.attach_evidence(actor=owner, item=item, upload=_pixel("整改现场.png"), note="现场照片")
    services.transition(actor=owner, item=item, action=Action.SUBMIT, progress="已完成整改")
    if state == "submitted" or superior is None:
        return
    if state == "returned":
        services.transition(
            actor=superior, item=item, action=Action.RETURN, reason="佐证材料不足，请补充会议记录"
        )
        return
    services.transition(
        actor=superior, item=item, action=Action.CLOSE, reason="经实地核查，已整改到位"
    )


def build_demo(seed: int) -> None:
    rng = random.Random(seed + 40)
    today = timezone.localdate()
    year = today.year
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["secretary", "county_admin", "reviewer", "admin"]
        )
    }
    township = Organization.objects.filter(code="QL-01-01").select_related("parent").first()
    if township is None or township.parent is None or "secretary" not in users:
        return  # not the demo city: nothing to add to
    county = township.parent
    villages = list(township.children.order_by("path")[:2])
    reviewer = users.get("reviewer") or users.get("admin")
    # (organisation, the owner side, the superior side) for each place that gets a ledger.
    places = [(township, users["secretary"], users.get("county_admin"))]
    places += [(village, users["secretary"], users.get("county_admin")) for village in villages]
    if "county_admin" in users:
        places.append((county, users["county_admin"], reviewer))
    states = [
        ("closed", 40), ("closed", -20), ("returned", 30), ("submitted", 20),
        ("in_progress", 60), ("in_progress", -15), ("planned", 90),
    ]  # fmt: skip
    texts = PROBLEMS[:]
    for index, (organization, owner, superior) in enumerate(places):
        rng.shuffle(texts)
        raised = [
            RaisedProblem(
                organization.pk,
                source,
                text,
                year - 1,
                raised_by_id=reviewer.pk if source == "superior" and reviewer else None,
                reference=f"demo:{source}",
            )
            for text, source in zip(
                texts,
                ["superior", "self", "masses", "superior", "self", "masses", "superior"],
                strict=False,
            )
        ]
        problems = services.intake_problems(raised)
        for problem, (state, days) in zip(problems, states[index:] + states[:index], strict=False):
            item = services.create_item(
                actor=owner,
                problem=problem,
                measures=f"针对“{problem.text[:12]}…”制定整改方案，明确责任人和完成时限，逐项销号。",
                deadline=today + timedelta(days=days),
                milestones=[
                    ("制定整改方案", today - timedelta(days=30)),
                    ("完成整改并提交佐证", today + timedelta(days=days)),
                ],
            )
            _advance(item, state, owner, superior)
    _problem_list_extras(township, users["secretary"], today)
    deadlines.mark_overdue(today=today)
    _interviews(township, users.get("county_admin") or users.get("admin"), today)


def _problem_list_extras(township: Organization, owner: Any, today: date) -> None:
    """A duplicate to merge, an audit finding entered by hand, a problem escalated upwards."""
    services.intake_problems(
        [
            RaisedProblem(
                township.pk,
                "masses",
                "村级活动场所利用率不高，开放时间不固定。",
                today.year,
                reference="demo:ballot",
            )
        ]
    )
    services.add_problem(
        actor=owner,
        organization=township,
        source="audit",
        text="党建工作经费使用台账不规范",
        year=today.year,
        reference="党建审计报告〔demo〕1号",
    )
    rooted = services.intake_problems(
        [
            RaisedProblem(
                township.pk, "self", "村级组织运转经费标准偏低", today.year, reference="demo:report"
            )
        ]
    )
    if rooted:
        services.escalate_problem(actor=owner, problem=rooted[0], reason="经费标准由县级统一制定")
    deadlines.schedule_report(
        actor=owner,
        organization=township,
        title="党建审计整改情况报告",
        basis_date=today - timedelta(days=20),
    )


def _interviews(township: Organization, admin: Any, today: date) -> None:
    secretary = Post.objects.current().filter(organization=township, role="secretary").first()
    if secretary is None or admin is None:
        return
    interviews.require_interviews(
        [
            InterviewRequired(
                township.pk, secretary.person_id, 0, "overdue_rectification", "整改事项逾期"
            )
        ]
    )
    interview = interviews.add_interview(
        actor=admin,
        organization=township,
        person=secretary.person,
        reason="poor_feedback",
        detail="群众满意度测评排名靠后",
        held_on=today - timedelta(days=10),
        interviewer="县委组织部部长",
        outcome="限期一个月提交整改方案",
    )
    interviews.hold_accountable(
        actor=admin,
        organization=township,
        person=secretary.person,
        kind="admonition",
        decided_on=today - timedelta(days=5),
        reason="约谈后整改仍不到位",
        interview=interview,
    )
