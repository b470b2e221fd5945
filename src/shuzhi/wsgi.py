"""The WSGI application, warmed before it serves.

Django imports the URLconf on the first request. Here that is the whole JSON API (django-ninja
and pydantic schemas for every app) and every app's views with their libraries (numpy,
openpyxl, python-docx): about 500 modules, and where no bytecode cache can be written
(a read-only install, PYTHONDONTWRITEBYTECODE) each is compiled too. That made the first page
a worker served (a round's settings page, once 14 s) slow and every later one fast. Loading the
URLconf here moves that cost to the worker's start, before it accepts a request.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 — imports the URLconf and every view now
