"""Settings of the benchmark server only: ShuZhi's settings with the benchmark's URLs on top.

Production never loads this module, so the bench-only endpoints exist on no production URL.
"""

from shuzhi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# A cache of its own, emptied by each run: the warm-up's refused tokens count as failed
# attempts (meetings.throttle), and in the demo's shared file cache two runs within the
# throttle's window blocked every ballot of the second.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "bench-cache"),  # noqa: F405
    }
}
