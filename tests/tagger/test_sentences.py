"""Sentence splitting: abbreviations, initials, quotes, paragraphs, odd spaces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.tagger.lexicons import SentenceWords
from timeline.tagger.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_simple():
    assert sentences("It rained. Then it stopped! Did it? Yes.") == [
        "It rained.",
        "Then it stopped!",
        "Did it?",
        "Yes.",
    ]


def test_titles_and_ranks_do_not_end_sentences():
    text = "Maj. Gen. Qassem Soleimani met Mr. Smith and Dr. Jones. They talked."
    assert sentences(text) == [
        "Maj. Gen. Qassem Soleimani met Mr. Smith and Dr. Jones.",
        "They talked.",
    ]


def test_initialisms():
    text = "The U.S. Army and the U.N. agreed. Later, the U.S. said no."
    assert sentences(text) == ["The U.S. Army and the U.N. agreed.", "Later, the U.S. said no."]


def test_initialism_at_the_end_of_a_sentence():
    assert sentences("He flew to the U.S. The trip was long.") == [
        "He flew to the U.S.",
        "The trip was long.",
    ]


def test_month_abbreviations_and_times():
    text = "On Jan. 5, 2020 at 5 p.m. the talks began. They ended Feb. 3."
    assert sentences(text) == ["On Jan. 5, 2020 at 5 p.m. the talks began.", "They ended Feb. 3."]


def test_initials_in_names():
    assert sentences("John F. Kennedy spoke. He left.") == ["John F. Kennedy spoke.", "He left."]


def test_quotes():
    text = 'He said: "We will win." Then he left. "Never," she said.'
    assert sentences(text) == ['He said: "We will win."', "Then he left.", '"Never," she said.']


def test_curly_quotes_and_brackets():
    text = "“It is over.” (The war went on.) Nobody believed it."
    assert sentences(text) == ["“It is over.”", "(The war went on.)", "Nobody believed it."]


def test_numbers_and_lower_case_continuations():
    text = "Prices rose 3.5 percent, e.g. in food. Growth was 2.1 pct."
    assert sentences(text) == ["Prices rose 3.5 percent, e.g. in food.", "Growth was 2.1 pct."]


def test_paragraphs_and_headlines():
    text = "Iran Vows Revenge\n\nTEHRAN, Jan. 5 (AP) -- Iran said on Sunday it would act.\nIt did."
    assert sentences(text) == [
        "Iran Vows Revenge",
        "TEHRAN, Jan. 5 (AP) -- Iran said on Sunday it would act.",
        "It did.",
    ]


def test_wrapped_lines_are_one_sentence():
    text = "The minister said that the\nnegotiations, which began in\nMay, would go on."
    assert sentences(text) == [text]


def test_non_breaking_spaces():
    text = "It rained.\u00a0Then it stopped.\u00a0\u00a0"
    assert sentences(text) == ["It rained.", "Then it stopped."]


def test_ellipsis():
    assert sentences("He waited... Nothing came.") == ["He waited...", "Nothing came."]


def test_empty():
    assert split_sentences("") == []
    assert split_sentences(" \n\u00a0 ") == []


@given(st.text(max_size=300))
def test_spans_are_ordered_trimmed_and_cover_all_text(text: str):
    spans = split_sentences(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[previous:start].strip() == ""
        previous = end
    assert text[previous:].strip() == ""


def test_the_words_come_from_the_languages_resources() -> None:
    from dataclasses import replace

    from timeline.tagger import resources_for

    words = resources_for("en").sentences
    text = "He met Gen. Smith. Then Abbr. Jones left."
    assert split_sentences(text, words) == split_sentences(text)
    assert len(split_sentences(text)) == 3  # "Abbr." is not an English abbreviation
    other = replace(words, titles=words.titles | {"abbr"})
    assert sentences_with(text, other) == ["He met Gen. Smith.", "Then Abbr. Jones left."]


def sentences_with(text: str, words: SentenceWords) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, words)]
