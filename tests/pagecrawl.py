"""A same-site crawler over the Django test client, and the checks every page must pass.

Used by tests/test_page_crawl.py: each demo account starts at ``/`` and follows links (GET
only), taking one or two instances of each resolved URL name so the crawl covers every kind of
page without walking the whole demo city.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

PER_NAME = 2
# Never followed: signing out ends the crawl's session; static files are not pages.
SKIP_PREFIXES = ("/accounts/logout/", "/static/", "/media/")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "param"}
# Elements whose end tag HTML lets an author omit; an implicit close of these is not an error.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody"}
OPTIONAL_END |= {"tfoot", "colgroup", "caption", "rt", "rp", "html", "head", "body"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# English UI words a Chinese page must not show; codes and file types are not in this list.
ENGLISH_LABELS = re.compile(
    r"\b(Submit|Save|Cancel|Delete|Edit|None|True|False|Search|Next|Previous|Login|Log in|"
    r"Logout|Sign in|Back|Close|Upload|Download|Loading|Forbidden|Not Found|Server Error|"
    r"Page \d+ of|This field is required|Select|Choose|Add|Remove|Update|Create|Actions|"
    r"Status|Name|Date|Yes|No|Unknown|Error|Warning|Details|View|Results?|Total)\b"
)
DEBUG_MARKERS = ("Traceback (most recent call last)", "TemplateSyntaxError", "VariableDoesNotExist")
DEBUG_MARKERS += ("You're seeing this error because you have", "NoReverseMatch", "Exception Value")


class PageParser(HTMLParser):
    """Collects links, title, viewport meta, visible text and tag-nesting errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fragments: list[str] = []
        self.title: str | None = None
        self.viewport = False
        self.text: list[str] = []
        self.errors: list[str] = []
        self.stack: list[str] = []
        self._hidden = 0
        self._in_title = False
        # A GET form is followed once, submitted with its default values.
        self._form: list[tuple[str, str]] | None = None
        self._action = ""
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("hx-get"):
            self.fragments.append(values["hx-get"])
        self._form_field(tag, values)
        if tag == "meta" and values.get("name") == "viewport":
            self.viewport = "width=device-width" in values.get("content", "")
        if tag in ("input", "button") and values.get("type") in ("submit", "button"):
            self.text.append(values.get("value", ""))
        for label in ("placeholder", "title", "aria-label"):
            if values.get(label):
                self.text.append(values[label])
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "title":
            self._in_title = True
            self.title = ""

    def _form_field(self, tag: str, values: dict[str, str]) -> None:
        if tag == "form" and values.get("method", "get").lower() == "get":
            self._form, self._action = [], values.get("action", "")
        if self._form is None:
            return
        kind = values.get("type", "text")
        name = values.get("name")
        if tag == "input" and name and kind not in ("submit", "button", "file", "image"):
            if kind not in ("checkbox", "radio") or "checked" in values:
                self._form.append((name, values.get("value", "")))
        elif tag == "textarea" and name:
            self._form.append((name, ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select is not None:
            chosen = [v for k, v in self._form if k == self._select]
            if not chosen or "selected" in values:
                self._form = [(k, v) for k, v in self._form if k != self._select]
                self._form.append((self._select, values.get("value", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form" and self._form is not None:
            self.links.append(f"{self._action}?{urlencode(self._form)}")
            self._form = None
        if tag in VOID:
            return
        if tag not in self.stack:
            self.errors.append(f"stray </{tag}>")
            return
        while self.stack and self.stack[-1] != tag:
            implicit = self.stack.pop()
            if implicit not in OPTIONAL_END:
                self.errors.append(f"<{implicit}> closed by </{tag}>")
        self._close(tag)

    def _close(self, tag: str) -> None:
        self.stack.pop()
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is not None:
            self.title += data
        if not self._hidden:
            self.text.append(data)

    def finish(self) -> None:
        self.close()
        left = [tag for tag in self.stack if tag not in OPTIONAL_END]
        if left:
            self.errors.append(f"unclosed {left}")


@dataclass
class Page:
    url: str
    status: int
    via: str
    content_type: str
    name: str
    fragment: bool = False
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)


def url_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def same_site(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    absolute = urldefrag(urljoin("http://testserver" + base, href))[0]
    parts = urlsplit(absolute)
    if parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_html(body: str, status: int, fragment: bool) -> tuple[list[str], PageParser]:
    """The problems of one HTML page (or htmx fragment), and its parse."""
    problems: list[str] = []
    parser = PageParser()
    parser.feed(body)
    parser.finish()
    problems += [f"HTML: {error}" for error in parser.errors[:3]]
    problems += [f"debug output {m!r}" for m in DEBUG_MARKERS if m in body]
    if not fragment and not (parser.title or "").strip():
        problems.append("no <title>")
    if not fragment and not parser.viewport:
        problems.append("no viewport meta")
    visible = " ".join(" ".join(parser.text).split())
    for raw in ("{{", "}}", "{%", "%}"):
        if raw in visible:
            problems.append(f"raw template syntax {raw!r}")
    if not fragment and not CJK.search(visible):
        problems.append("no Chinese text")
    english = sorted(set(ENGLISH_LABELS.findall(visible)))
    if english:
        problems.append(f"English UI labels {english}")
    if status == 403 and not CJK.search(visible.replace("述职评议考核", "")):
        problems.append("403 without a Chinese reason")
    return problems, parser


def fetch(client: Client, url: str, via: str = "", fragment: bool = False) -> Page:
    """GET one URL (an htmx fragment with the HX-Request header) and check what comes back."""
    response = client.get(url, headers={"HX-Request": "true"} if fragment else {})
    content_type = response.get("Content-Type", "")
    page = Page(url, response.status_code, via, content_type, url_name(url) or "?", fragment)
    if via and response.status_code in (403, 404):
        page.problems.append(f"dead link (HTTP {response.status_code}) from {via}")
    if response.status_code >= 500:
        page.problems.append(f"HTTP {response.status_code}")
    if 300 <= response.status_code < 400:
        page.links = [u for u in [same_site(url, response["Location"])] if u]
    is_page = response.status_code < 300 or response.status_code >= 400
    if is_page and "text/html" in content_type and not response.get("Content-Disposition"):
        body = response.content.decode("utf-8", "replace")
        problems, parser = check_html(body, response.status_code, fragment)
        page.problems += problems
        page.links = [u for href in parser.links if (u := same_site(url, href))]
        page.fragments = [u for href in parser.fragments if (u := same_site(url, href))]
    return page


def crawl(
    client: Client, *, start: tuple[str, ...] = ("/",), limit: int = 300
) -> tuple[list[Page], set[str]]:
    """Pages fetched (breadth first, ``PER_NAME`` per URL name) and every link seen."""
    queue: deque[tuple[str, str, bool]] = deque((url, "", False) for url in start)
    queued = set(start)
    per_name: Counter[str] = Counter()
    pages: list[Page] = []
    seen: set[str] = set()
    while queue and len(pages) < limit:
        url, via, fragment = queue.popleft()
        page = fetch(client, url, via, fragment)
        pages.append(page)
        for link, is_fragment in [(u, False) for u in page.links] + [
            (u, True) for u in page.fragments
        ]:
            seen.add(link)
            if link in queued or link.startswith(SKIP_PREFIXES):
                continue
            name = url_name(link)
            if name is None:
                page.problems.append(f"link to an unknown URL {link}")
                continue
            if per_name[name] >= PER_NAME:
                continue
            per_name[name] += 1
            queued.add(link)
            queue.append((link, url, is_fragment))
    return pages, seen
