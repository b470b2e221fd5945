"""A fresh worker loads the URLconf (the API and every app's views) before its first request,
so no user waits for that import: the cause of a 14 s first load of a round's settings page."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
import shuzhi.wsgi
loaded = [m for m in ("shuzhi.urls", "shuzhi.api", "shuzhi.rounds.views", "ninja") if m in sys.modules]
print(",".join(loaded))
"""


def test_importing_the_wsgi_application_loads_the_urlconf_and_views() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shuzhi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "shuzhi.urls,shuzhi.api,shuzhi.rounds.views,ninja"
