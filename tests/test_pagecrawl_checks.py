"""The crawl's page checks catch what they claim to (tests/pagecrawl.py)."""

from __future__ import annotations

from tests.pagecrawl import check_html

GOOD = (
    '<!doctype html><html lang="zh-Hans"><head><meta name="viewport" '
    'content="width=device-width, initial-scale=1"><title>首页</title></head>'
    "<body><main><p>您好<p>第二段<ul><li>甲<li>乙</ul>{body}</main></body></html>"
)


def problems(body: str, status: int = 200) -> list[str]:
    return check_html(GOOD.format(body=body), status, fragment=False)[0]


def test_a_sound_chinese_page_has_no_problems():
    assert problems('<a href="/orgs/QL-01/">QL-01 清河县</a><input type="text">') == []


def test_english_labels_raw_template_syntax_and_debug_output_are_caught():
    assert any("Submit" in p for p in problems('<input type="submit" value="Submit">'))
    assert any("None" in p for p in problems("<td>None</td>"))
    assert any("{{" in p for p in problems("<p>{{ user.name }}</p>"))
    assert any("debug" in p for p in problems("<pre>Traceback (most recent call last)</pre>"))


def test_misnested_and_unclosed_elements_are_caught():
    assert any("HTML" in p for p in problems("<div><span>甲</div>"))
    assert any("HTML" in p for p in problems("<section>乙"))


def test_a_page_without_title_or_viewport_and_a_bare_403_are_caught():
    bare = "<html><body><h1>403 Forbidden</h1></body></html>"
    found = check_html(bare, 403, fragment=False)[0]
    assert {"no <title>", "no viewport meta", "403 without a Chinese reason"} <= set(found)


def test_get_forms_are_followed_with_their_default_values():
    body = (
        '<form method="get" action="/audit/"><input name="action" value="orgs">'
        '<select name="round"><option value="1">一</option><option value="2" selected>二</option>'
        '</select><input type="checkbox" name="x"></form><form method="post"><input name="y"></form>'
    )
    parser = check_html(GOOD.format(body=body), 200, fragment=False)[1]
    assert "/audit/?action=orgs&round=2" in parser.links
    assert not any("y=" in link for link in parser.links)
