"""The home page gathers every app's work: reuse the apps' own fixtures for it."""

from tests.meetings.conftest import cleared  # noqa: F401
from tests.rectification.conftest import cast, item  # noqa: F401
