"""Actions that change accounts, role grants and API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import forget_grants, require
from shuzhi.accounts.models import ApiToken, RoleGrant, User, hash_token
from shuzhi.accounts.roles import Role
from shuzhi.audit.services import record
from shuzhi.orgs.models import Organization


@transaction.atomic
def create_account(
    *, actor: User, username: str, display_name: str, password: str, organization: Organization
) -> User:
    """Create an account; the actor must be allowed to grant roles at ``organization``."""
    require(actor, "accounts.grant", organization)
    user = User.objects.create_user(username=username, password=password, display_name=display_name)
    record(
        actor=actor,
        action="accounts.user.create",
        target=user,
        organization=organization,
        after={"username": username, "display_name": display_name},
    )
    return user


@transaction.atomic
def grant_role(*, actor: User, user: User, role: str, organization: Organization) -> RoleGrant:
    """Grant ``role`` over ``organization``'s subtree.

    An administrator can only grant inside their own subtree, so nobody can widen their own
    reach by granting themselves (or a friend) a role higher up.
    """
    require(actor, "accounts.grant", organization)
    Role(role)
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, organization=organization, defaults={"granted_by": actor}
    )
    if created:
        record(
            actor=actor,
            action="accounts.grant.create",
            target=grant,
            organization=organization,
            after={"user": user.username, "role": role, "organization": organization.code},
        )
    forget_grants(user)
    return grant


@transaction.atomic
def grant_role_to_account(
    *,
    actor: User,
    organization: Organization,
    role: str,
    user: User | None = None,
    username: str = "",
    display_name: str = "",
    password: str = "",
) -> RoleGrant:
    """Grant ``role`` to ``user``, or to a new account made from the other fields: both or
    neither, so a refused grant leaves no account behind."""
    if user is None:
        user = create_account(
            actor=actor,
            username=username.strip(),
            display_name=display_name,
            password=password,
            organization=organization,
        )
    return grant_role(actor=actor, user=user, role=role, organization=organization)


@transaction.atomic
def revoke_role(*, actor: User, grant: RoleGrant) -> None:
    require(actor, "accounts.grant", grant.organization)
    before = {
        "user": grant.user.username,
        "role": grant.role,
        "organization": grant.organization.code,
    }
    record(
        actor=actor,
        action="accounts.grant.revoke",
        target=grant,
        organization=grant.organization,
        before=before,
    )
    grant.delete()
    forget_grants(grant.user)


@transaction.atomic
def issue_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the key, which is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(key), prefix=key[:8])
    record(actor=user, action="accounts.api_token.create", target=token, after={"name": name})
    return token, key


def authenticate_api_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Written at most once a minute so a busy integration does not turn reads into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionError("only the owner can revoke a token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor, action="accounts.api_token.revoke", target=token, after={"name": token.name}
    )
