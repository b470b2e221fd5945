"""The JSON API: one NinjaAPI, each app contributes a router. Schema at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from shuzhi.accounts.services import authenticate_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="ShuZhi 述职评议考核 API",
    version="1",
    description="党委（党组）书记抓基层党建工作述职评议考核系统的数据接口。"
    "认证：请求头 Authorization: Bearer <令牌>（在“API 令牌”页面生成），或浏览器登录会话。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _register_routers() -> None:
    from shuzhi.analytics.api import router as analytics
    from shuzhi.factfinding.api import router as factfinding
    from shuzhi.meetings.api import router as meetings
    from shuzhi.orgs.api import router as orgs
    from shuzhi.records.api import router as records
    from shuzhi.rectification.api import router as rectification
    from shuzhi.reports.api import router as reports
    from shuzhi.rounds.api import router as rounds
    from shuzhi.scoring.api import router as scoring
    from shuzhi.villages.api import router as villages

    api.add_router("/orgs", orgs)
    api.add_router("/rounds", rounds)
    api.add_router("/scoring", scoring)
    api.add_router("/reports", reports)
    api.add_router("/meetings", meetings)
    api.add_router("/rectification", rectification)
    api.add_router("/records", records)
    api.add_router("/factfinding", factfinding)
    api.add_router("/villages", villages)
    api.add_router("/analytics", analytics)


_register_routers()
