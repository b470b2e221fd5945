"""ShuZhi: the annual duty-report evaluation and assessment of party secretaries."""

__version__ = "0.1.0"
