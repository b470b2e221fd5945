"""Settings of the benchmark server only: ShuZhi's settings with the benchmark's URLs on top.

Production never loads this module, so the bench-only endpoints exist on no production URL.
"""

from shuzhi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
