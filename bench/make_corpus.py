"""Make a synthetic news corpus (JSONL) of any size: seeded, varied dates, expressions, lengths.

    python bench/make_corpus.py --articles 10000 --words 600 --out bench/.cache/news10k.jsonl

Each line is {"doc_id", "dct", "published", "title", "source", "text"}: articles of about
``--words`` words, mixing dated statements (weekdays, month-days, months, years, relative
expressions, ranges, decades, durations) with undated filler, so that the tagger works as on
real news. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

SOURCES = ["AFP", "Reuters", "AP", "Al-Monitor", "BBC", "Le Monde", "Xinhua", "Al Jazeera"]
PEOPLE = [
    "the prime minister",
    "the foreign minister",
    "a senior official",
    "the president",
    "opposition leaders",
    "the central bank",
    "UN envoys",
    "the defence ministry",
    "lawmakers",
    "the health ministry",
    "protesters",
    "the army",
    "analysts",
]
PLACES = [
    "Baghdad",
    "Tehran",
    "Washington",
    "Riyadh",
    "Beirut",
    "Damascus",
    "Ankara",
    "Cairo",
    "Amman",
    "Doha",
    "Brussels",
    "Geneva",
    "Moscow",
    "Beijing",
]
VERBS_PAST = [
    "met",
    "announced",
    "rejected",
    "signed",
    "approved",
    "postponed",
    "criticised",
    "welcomed",
    "discussed",
    "suspended",
    "launched",
    "visited",
]
VERBS_FUTURE = [
    "will meet",
    "will announce",
    "is expected to sign",
    "plans to visit",
    "will vote on",
    "is set to review",
]
OBJECTS = [
    "a new agreement",
    "the sanctions waiver",
    "the budget",
    "a ceasefire",
    "the election results",
    "talks with neighbours",
    "the trade deal",
    "a reform package",
    "the security plan",
    "an aid programme",
]
FILLER = [
    "The decision drew criticism from several quarters, and officials declined to comment "
    "further on the details of the arrangement.",
    "Observers said the move reflected growing pressure on the government to deliver results "
    "amid economic hardship and political deadlock.",
    "Diplomats familiar with the negotiations said the positions of the two sides remained far "
    "apart on the central questions.",
    "The country relies heavily on imports of energy and food, which makes it vulnerable to "
    "shocks in global markets.",
    "Residents interviewed in the capital expressed frustration at rising prices and "
    "persistent power cuts across the region.",
    "A spokesman for the ministry said more information would be released in due course, "
    "without giving further details.",
    "The opposition accused the authorities of failing to consult parliament and demanded an "
    "independent inquiry into the matter.",
    "Analysts warned that the situation could deteriorate quickly if the talks collapsed and "
    "regional rivals stepped in.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def capitalized(text: str) -> str:
    return text[0].upper() + text[1:]


def dated_sentence(rng: random.Random, dct: dt.date) -> str:
    who, where = capitalized(rng.choice(PEOPLE)), rng.choice(PLACES)
    what = rng.choice(OBJECTS)
    past = f"{who} {rng.choice(VERBS_PAST)} {what} in {where}"
    future = f"{who} {rng.choice(VERBS_FUTURE)} {what} in {where}"
    year = dct.year - rng.randint(1, 40)
    month = rng.choice(MONTHS)
    kind = rng.randrange(14)
    if kind == 0:
        return f"{past} on {rng.choice(WEEKDAYS)}, officials said."
    if kind == 1:
        return f"{future} on {rng.choice(WEEKDAYS)}."
    if kind == 2:
        return f"{past} on {month} {rng.randint(1, 28)}."
    if kind == 3:
        return f"{past} in {month}, according to state media."
    if kind == 4:
        return f"{past} in {year}."
    if kind == 5:
        return f"{past} last {rng.choice(['week', 'month', 'year'])}."
    if kind == 6:
        return f"{future} next {rng.choice(['week', 'month', 'year'])}."
    if kind == 7:
        return f"{past} {rng.choice(['two', 'three', 'five', 'ten'])} years ago."
    if kind == 8:
        return f"The two countries fought a war from {year} to {year + rng.randint(1, 8)}."
    if kind == 9:
        return f"{past} in {rng.choice(['early', 'mid-', 'late'])} {year}.".replace("mid- ", "mid-")
    if kind == 10:
        return f"Relations have been tense since the {year // 10 * 10}s."
    if kind == 11:
        days, when = rng.choice([30, 45, 90, 120]), rng.choice(["yesterday", "today"])
        return f"{who} granted a {days}-day extension {when}."
    if kind == 12:
        return f"{past} on {rng.randint(1, 28)} {month} {year}."
    return f"{who} has served for nearly {rng.choice(['two', 'four', 'six'])} years."


def article(rng: random.Random, index: int, words: int) -> dict:
    dct = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(365 * 34))
    paragraphs, count = [], 0
    target = max(50, int(rng.gauss(words, words * 0.25)))
    while count < target:
        sentences = [
            dated_sentence(rng, dct) if rng.random() < 0.45 else rng.choice(FILLER)
            for _ in range(rng.randint(2, 4))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return {
        "doc_id": f"synthetic-{index:07d}",
        "dct": dct.isoformat(),
        "published": dct.isoformat(),
        "title": f"{capitalized(rng.choice(PEOPLE))} in {rng.choice(PLACES)}: report {index}",
        "source": rng.choice(SOURCES),
        "text": "\n\n".join(paragraphs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
    with out:
        for i in range(args.articles):
            out.write(json.dumps(article(rng, i, args.words), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
