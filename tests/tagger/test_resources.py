"""Loading the resource files: every mistake fails loudly, naming the file and the rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from timeline.tagger import ResourceError, load_resources
from timeline.tagger.resources import RESOURCE_ROOT

# an example that the rules below may carry, so that their own mistake is the one reported
EXAMPLE = "examples = [{ text = 'It rose in 2020.', found = '2020', value = '2020' }]\n"


@pytest.fixture
def resource_copy(tmp_path: Path) -> Path:
    shutil.copytree(RESOURCE_ROOT / "en", tmp_path / "en")
    return tmp_path


def _add_rule(root: Path, body: str) -> None:
    with (root / "en" / "rules" / "99_test.toml").open("w", encoding="utf-8") as handle:
        handle.write("[[rule]]\n" + body)


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "en" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_resources_load_and_rules_are_named() -> None:
    res = load_resources("en")
    assert len(res.rules) > 50
    assert len({r.name for r in res.rules}) == len(res.rules)
    assert all(r.examples for r in res.rules)
    assert "mr" in res.sentences.titles and "jan" in res.sentences.month_abbreviations
    assert res.calendars.jalali_months["esfand"] == 12


RULE_MISTAKES = [
    ("name = 'bad_fragment'\npattern = '%nosuch'\nvalue = '2020'\n", "unknown fragment"),
    ("name = 'bad_table'\npattern = '@nosuch'\nvalue = '2020'\n", "unknown table"),
    ("name = 'bad_group'\npattern = '(?P<y>[0-9]{4})'\nvalue = '{z}'\n", "names group 'z'"),
    (
        "name = 'bad_conv'\npattern = '(?P<y>[0-9]{4})'\nvalue = '{y:nosuch}'\n",
        "unknown converter or table 'nosuch'",
    ),
    (
        "name = 'bad_value'\npattern = '(?P<y>[0-9]{4})'\nvalue = 'UNDEF-{y}-year'\n",
        "not a TIMEX3 value",
    ),
    ("name = 'bad_ref'\npattern = 'x'\nvalue = 'REF.month-Q3'\n", "cannot follow REF.month"),
    ("name = 'bad_type'\npattern = 'x'\ntype = 'EVENT'\nvalue = '2020'\n", "type 'EVENT'"),
    ("name = 'bad_mod'\npattern = 'x'\nvalue = '2020'\nmod = 'SOON'\n", "not one of"),
    ("name = 'bad_regex'\npattern = '(unclosed'\nvalue = '2020'\n", "does not compile"),
    ("name = 'bad_key'\npattern = 'x'\nvalue = '2020'\nmodd = 'END'\n", "unknown key"),
    ("name = 'no_value'\npattern = 'x'\n", "missing value"),
    (
        "name = 'dur_type'\npattern = 'x'\ntype = 'DURATION'\nvalue = '2020'\n",
        "type DURATION needs",
    ),
    ("name = 'date_year'\npattern = 'x'\nvalue = '2020'\n" + EXAMPLE, "already defined"),
]

_Y = "name = '{}'\npattern = '(?P<y>[0-9]{{4}})'\nvalue = '{{y}}'\n"
_PARTS = (
    "name = '{}'\npattern = '(?P<a>[0-9]{{4}})-(?P<b>[0-9]{{4}})'\nrange = true\n"
    "parts = [{{ group = 'a', value = '{{a}}' }}, {{ group = 'b', value = '{{b}}' }}]\n"
)
_NEG = "name = '{}'\npattern = '[0-9]{{4}} troops'\nnegative = true\n"
EXAMPLE_MISTAKES = [
    (_Y.format("no_examples"), "no examples"),
    (_Y.format("empty_examples") + "examples = []\n", "non-empty array"),
    (
        _Y.format("example_key")
        + "examples = [{ text = 'In 2020.', found = '2020', value = '2020', when = 'x' }]\n",
        "unknown key",
    ),
    (
        _Y.format("example_found") + "examples = [{ text = 'In 2020.', found = '2021', "
        "value = '2021' }]\n",
        "found '2021' is not in the text",
    ),
    (
        _Y.format("example_no_found") + "examples = [{ text = 'In 2020.', value = '2020' }]\n",
        "missing found",
    ),  # fmt: skip
    (
        _Y.format("example_no_value") + "examples = [{ text = 'In 2020.', found = '2020' }]\n",
        "missing value",
    ),  # fmt: skip
    (
        _NEG.format("negative_value")
        + "examples = [{ text = 'It sent 2000 troops.', found = '2000 troops', value = '2000' }]\n",
        "has no value",
    ),
    (
        _Y.format("example_dct") + "examples = [{ text = 'In 2020.', found = '2020', "
        "value = '2020', dct = '2020-02-30' }]\n",
        "is not a day",
    ),
    (
        _Y.format("example_dct_form") + "examples = [{ text = 'In 2020.', found = '2020', "
        "value = '2020', dct = '21/07/2020' }]\n",
        "dct must be a day YYYY-MM-DD",
    ),
    (
        _Y.format("example_doc_type") + "examples = [{ text = 'In 2020.', found = '2020', "
        "value = '2020', doc_type = 'poem' }]\n",
        "doc_type 'poem'",
    ),
    (
        _Y.format("story_only") + "doc_type = 'narrative'\n"
        "examples = [{ text = 'In 2020.', found = '2020', value = '2020' }]\n",
        "applies to narrative only",
    ),
    (
        _Y.format("example_mod") + "examples = [{ text = 'In 2020.', found = '2020', "
        "value = '2020', mod = 'SOON' }]\n",
        "mod 'SOON'",
    ),
    (
        _PARTS.format("parts_found")
        + "examples = [{ text = 'In 1980-1988.', found = '1980', value = ['1980', '1988'] }]\n",
        "found must be a list of 2 strings",
    ),
    (
        _PARTS.format("parts_value")
        + "examples = [{ text = 'In 1980-1988.', found = ['1980', '1988'], value = '1980' }]\n",
        "value must be a list of 2 strings",
    ),
    (
        _Y.format("example_text") + "examples = [{ text = ' ', found = ' ', value = '2020' }]\n",
        "text must be a sentence",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("body", "message"), RULE_MISTAKES + EXAMPLE_MISTAKES)
def test_invalid_rules_fail_loudly_naming_rule_and_file(
    resource_copy: Path, body: str, message: str
) -> None:
    _add_rule(resource_copy, body)
    with pytest.raises(ResourceError) as info:
        load_resources("en", root=resource_copy)
    text = str(info.value)
    assert message in text
    assert "99_test.toml" in text
    name = body.split("'")[1]
    assert name in text


def test_a_valid_rule_with_examples_loads(resource_copy: Path) -> None:
    _add_rule(
        resource_copy,
        _PARTS.format("two_years")
        + "examples = [{ text = 'In 1980-1988.', found = ['1980', '1988'], "
        "value = ['1980', '1988'], mod = ['', ''], dct = '2020-02-29' }]\n",
    )
    rule = load_resources("en", root=resource_copy).rules[-1]
    (example,) = rule.examples
    assert (example.found, example.value, example.mod) == (
        ("1980", "1988"),
        ("1980", "1988"),
        (None, None),
    )
    assert (example.dct, example.doc_type) == ("2020-02-29", "news")


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("tables.toml", "[number_filler]", "[number_fillers]", "need table 'number_filler'"),
        ("tables.toml", "dozen = 12\ncouple = 2\n\n#", "dozen = 12\ncouple = 3\n\n#", "couple"),
        ("tables.toml", '"quarter to" = -15', '"quarter to" = "x"', "clock_phrase"),
        ("tables.toml", 'night = "pm"', 'night = "p.m."', "meridiem"),
        ("sentences.toml", "titles =", "title =", "unknown key"),
        ("sentences.toml", "mr mrs", "Mr mrs", "'Mr' must be lower case"),
        ("calendars.toml", "esfand = 12\nespand = 12\n", "", "names no month [12]"),
        ("calendars.toml", "'safar' = 2", "'safar(' = 2", "does not compile"),
        ("calendars.toml", "farvardin = 1", "farvardin = 13", "month 1-12"),
        ("tense.toml", "gap = [", "gaps = [", "unknown key"),
        (
            "fragments.toml",
            "[fragments]",
            "[fragments]\nloop_a = '%loop_b'\nloop_b = '%loop_a'",
            "cycle",
        ),  # fmt: skip
        ("tables.toml", "[month]", "[month", "tables.toml: invalid TOML"),
    ],
)
def test_invalid_word_lists_fail_loudly_naming_the_file(
    resource_copy: Path, name: str, old: str, new: str, message: str
) -> None:
    _edit(resource_copy, name, old, new)
    with pytest.raises(ResourceError) as info:
        load_resources("en", root=resource_copy)
    assert message in str(info.value)
    assert name in str(info.value)


def test_unknown_language() -> None:
    with pytest.raises(ResourceError, match="no resources"):
        load_resources("xx")
