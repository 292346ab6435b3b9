"""The Markdown chronology: date headings under year headings, numbered citations."""

from timeline.present.markdown import citation, markdown_chronology


def _event(**kw):
    base = {
        "start": "2020-07-21",
        "end": "2020-07-21",
        "value": "2020-07-21",
        "granularity": "day",
        "mod": None,
        "sentence": "Khamenei met Kadhimi.",
        "article_id": 1,
        "title": "T",
        "source": "AFP",
        "published": "2020-07-21",
        "url": None,
    }
    return base | kw


def test_markdown_chronology_groups_and_cites():
    rows = [_event(), _event(article_id=2, source="Al-Monitor", title="U", url="http://x")]
    assert markdown_chronology(rows).splitlines() == [
        "# Chronology",
        "",
        "## 2020",
        "",
        "### 21 July 2020",
        "",
        "- Khamenei met Kadhimi. [1]",
        "- Khamenei met Kadhimi. [2]",
        "",
        "## Sources",
        "",
        "1. AFP, “T”, 21 July 2020",
        "2. Al-Monitor, “U”, 21 July 2020, <http://x>",
    ]


def test_citation_in_markdown_and_in_plain_text():
    row = _event(title="A *bold* [claim]", url="javascript:alert(1)")
    assert citation(row) == "AFP, “A \\*bold\\* \\[claim\\]”, 21 July 2020, javascript:alert(1)"
    assert (
        citation(row, markdown=False)
        == "AFP, “A *bold* [claim]”, 21 July 2020, javascript:alert(1)"
    )
    assert citation(_event(source=None, published=None)) == "unknown source, “T”, undated"
