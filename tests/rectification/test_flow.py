"""The status flow: who may do what, no self sign-off, sign-off from the parent's scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shuzhi.audit.models import AuditEntry
from shuzhi.rectification import services
from shuzhi.rectification.models import RectificationItem
from shuzhi.rectification.rules import Action
from tests.rectification.conftest import png, submit

pytestmark = pytest.mark.django_db


_submitted = submit


def test_item_takes_responsible_people_from_posts(item, cast):
    assert item.first_responsible == cast.owner.person
    assert item.direct_responsible == cast.deputy
    assert item.milestones.count() == 1 and item.status == "planned"


def test_owner_works_superior_returns_and_signs_off(item, cast):
    item = _submitted(item, cast.owner)
    assert item.status == "submitted" and item.submitted_by == cast.owner
    item = services.transition(
        actor=cast.superior, item=item, action=Action.RETURN, reason="缺少会议记录"
    )
    assert item.status == "returned" and item.return_reason == "缺少会议记录"
    item = services.transition(actor=cast.owner, item=item, action=Action.SUBMIT)
    assert item.return_reason == ""
    item = services.transition(actor=cast.superior, item=item, action=Action.CLOSE, reason="已核实")
    assert item.status == "closed" and item.closed_by == cast.superior and item.closed_on
    actions = list(
        AuditEntry.objects.filter(object_id=str(item.pk), action__startswith="rectification.item")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "rectification.item.create",
        "rectification.item.start",
        "rectification.item.submit",
        "rectification.item.return",
        "rectification.item.submit",
        "rectification.item.close",
    ]


def test_owner_can_never_close_their_own_item(item, cast):
    item = _submitted(item, cast.owner)
    for actor in (cast.owner, cast.town_secretary_role):
        with pytest.raises(ValidationError, match="只有上级组织才能销号"):
            services.transition(actor=actor, item=item, action=Action.CLOSE, reason="自己说好了")
    assert RectificationItem.objects.get(pk=item.pk).status == "submitted"


def test_whoever_submitted_cannot_sign_off_even_with_parent_scope(item, cast):
    item = _submitted(item, cast.county_admin)
    with pytest.raises(ValidationError):
        services.transition(actor=cast.county_admin, item=item, action=Action.CLOSE, reason="好")
    item = services.transition(actor=cast.superior, item=item, action=Action.CLOSE, reason="好")
    assert item.closed_by == cast.superior


def test_sign_off_scope_elsewhere_is_refused(item, cast):
    item = _submitted(item, cast.owner)
    with pytest.raises(PermissionDenied):
        services.transition(actor=cast.outsider, item=item, action=Action.CLOSE, reason="好")


def test_return_and_sign_off_need_a_reason(item, cast):
    item = _submitted(item, cast.owner)
    for action in (Action.RETURN, Action.CLOSE):
        with pytest.raises(ValidationError, match="必须填写理由"):
            services.transition(actor=cast.superior, item=item, action=action, reason="  ")


def test_submission_needs_evidence(item, cast):
    services.transition(actor=cast.owner, item=item, action=Action.START)
    with pytest.raises(ValidationError, match="佐证材料"):
        services.transition(actor=cast.owner, item=item, action=Action.SUBMIT)


def test_superior_cannot_start_or_submit_for_the_owner(item, cast):
    with pytest.raises(ValidationError):
        services.transition(actor=cast.superior, item=item, action=Action.START)


def test_database_refuses_closing_by_the_submitter(item, cast):
    item = _submitted(item, cast.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        RectificationItem.objects.filter(pk=item.pk).update(
            status="closed", closed_by=cast.owner, closed_on="2026-05-01", close_reason="x"
        )


def test_database_refuses_closed_without_reason(item, cast):
    item = _submitted(item, cast.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        RectificationItem.objects.filter(pk=item.pk).update(
            status="closed", closed_by=cast.superior, closed_on="2026-05-01"
        )


def test_closed_item_cannot_take_more_evidence(item, cast):
    item = _submitted(item, cast.owner)
    services.transition(actor=cast.superior, item=item, action=Action.CLOSE, reason="好")
    with pytest.raises((ValidationError, PermissionDenied)):
        services.attach_evidence(actor=cast.owner, item=item, upload=png())


def test_evidence_type_and_size_are_checked(item, cast, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", content_type="image/png")
    with pytest.raises(ValidationError, match="不符"):
        services.attach_evidence(actor=cast.owner, item=item, upload=fake)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="不支持"):
        services.attach_evidence(actor=cast.owner, item=item, upload=exe)
    kept = services.attach_evidence(actor=cast.owner, item=item, upload=png())
    assert kept.kind == "photo" and kept.size == len(png().read())
    assert str(settings.MEDIA_ROOT) in kept.file.path and kept.file.path.endswith(".png")
    assert item.evidence.count() == 1
