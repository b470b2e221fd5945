import pytest

from shuzhi.scoring.computing import request_computation


@pytest.fixture
def compute(django_capture_on_commit_callbacks):
    """Request a computation and run its background job, as the worker would after commit."""

    def run(round_, actor, reason: str = "") -> None:
        with django_capture_on_commit_callbacks(execute=True):
            request_computation(actor=actor, round=round_, reason=reason)

    return run
