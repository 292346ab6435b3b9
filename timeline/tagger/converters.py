"""Functions that templates apply to captured text ("twenty four" → 24, "1980s" → 198).

A converter receives the texts of one or more captured groups (``None`` for a group that
did not take part in the match) plus the language's normalization tables, and returns a
fragment of a TIMEX3 value. It raises :class:`ConversionError` when the text cannot be
normalized; the engine then drops that candidate (a failed conversion is never a crash).

Every table of the resource files is also usable as a one-argument converter (lookup);
the functions here are the ones whose logic does not fit in a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from timeline.calendar import format_year, week_of_month

Tables = Mapping[str, Mapping[str, str]]
ConverterFunc = Callable[[tuple[str | None, ...], Tables], str]


class ConversionError(ValueError):
    """Captured text that a converter cannot normalize."""


@dataclass(frozen=True, slots=True)
class Converter:
    func: ConverterFunc
    arity: int  # number of groups it takes
    sample: str  # a typical output, used to check templates at load time


def normalize_key(text: str) -> str:
    """The form under which table keys are stored and looked up."""
    return " ".join(text.lower().replace("-", " ").split()).rstrip(".")


def lookup(table: Mapping[str, str], text: str | None) -> str:
    if text is None:
        raise ConversionError("missing group")
    key = normalize_key(text)
    try:
        return table[key]
    except KeyError:
        raise ConversionError(f"{text!r} is not in the table") from None


_DIGITS = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_FRACTION = re.compile(r"^(\d+)\s+(\d)/(\d)$")
_WORD_SPLIT = re.compile(r"[\s\-]+")
# the tables that say how number words combine (tables.toml): "two hundred and ten",
# "a dozen", "a couple of", "two and a half"
NUMBER_TABLES = (
    "number_word",
    "number_filler",
    "number_article",
    "number_fraction",
    "number_multiplier",
)


def parse_number(text: str, tables: Tables) -> float:
    """Digits ("1,000", "2.5", "2 1/2") or number words ("twenty four", "two hundred and
    thirty", "a dozen", "two and a half")."""
    text = text.strip().lower()
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    frac = _FRACTION.match(text)
    if frac:
        whole, num, den = (int(g) for g in frac.groups())
        if den == 0:
            raise ConversionError(f"bad fraction {text!r}")
        return whole + num / den
    words = tables["number_word"]
    fillers = tables["number_filler"]
    articles = tables["number_article"]
    fractions = tables["number_fraction"]
    multipliers = tables["number_multiplier"]
    total = 0.0
    current = 0.0
    seen = False
    tokens = [t for t in _WORD_SPLIT.split(text) if t]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in fillers:
            i += 1
            continue
        if tok in articles and nxt in fractions:  # "and a half"
            current += float(fractions[nxt])
            seen = True
            i += 2
            continue
        if tok in articles and not seen:
            # "a hundred", "a dozen", "a couple": the article counts one; before any other
            # number word it is only an article ("a five year plan")
            if nxt in words and nxt not in multipliers:
                i += 1
                continue
            current = float(articles[tok])
            seen = True
            i += 1
            continue
        if tok not in words:
            raise ConversionError(f"{tok!r} is not a number word")
        if tok in multipliers:
            factor = float(multipliers[tok])
            if factor >= 1000:  # closes a group: "two thousand five"
                total += (current or 1) * factor
                current = 0
            else:  # "two hundred", "a dozen", "a couple of"
                current = (current or 1) * factor
        else:
            current += float(words[tok])
        seen = True
        i += 1
    if not seen:
        raise ConversionError(f"no number in {text!r}")
    return total + current


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


def _number(args: tuple[str | None, ...], tables: Tables) -> str:
    text = _need(args[0])
    return _fmt(parse_number(text, tables))


def _need(text: str | None) -> str:
    if text is None:
        raise ConversionError("missing group")
    return text


def _pad2(args: tuple[str | None, ...], tables: Tables) -> str:
    text = _need(args[0])
    if text.isdigit():
        return f"{int(text):02d}"
    return f"{int(ordinal_number(args, tables)):02d}"  # "5th", "first"


_LEADING_DIGITS = re.compile(r"\d+")


def ordinal_number(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "3rd", "third", "twenty-first" → "3", "3", "21"."""
    text = normalize_key(_need(args[0]))
    digits = _LEADING_DIGITS.match(text)
    if digits and (digits.end() == len(text) or text[digits.end() :] in tables["ordinal_suffix"]):
        return str(int(digits.group()))
    ordinals = tables["ordinal_word"]
    if text in ordinals:
        return ordinals[text]
    # "twenty first": tens word + ordinal
    parts = text.split()
    if len(parts) == 2 and parts[0] in tables["number_word"] and parts[1] in ordinals:
        return str(int(tables["number_word"][parts[0]]) + int(ordinals[parts[1]]))
    raise ConversionError(f"{text!r} is not an ordinal")


def _year(args: tuple[str | None, ...], tables: Tables) -> str:
    """A year as four digits; two-digit years ("'89", "89") go to 1950..2049."""
    text = _need(args[0]).strip().lstrip("'’")
    if not text.isdigit():
        return _year_words(args, tables)
    value = int(text)
    if len(text) <= 2:
        value += 1900 if value >= 50 else 2000
    return format_year(value)


def _year_words(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "nineteen ninety-six" → 1996, "two thousand five" → 2005."""
    text = normalize_key(_need(args[0]))
    words = tables["number_word"]
    tokens = text.split()
    if tokens and tokens[0] in words and 10 <= int(words[tokens[0]]) <= 99 and len(tokens) > 1:
        rest = " ".join(tokens[1:])
        if tables["number_multiplier"].get(rest) == "100":  # "nineteen hundred"
            return format_year(int(words[tokens[0]]) * 100)
        high = int(words[tokens[0]]) * 100
        low = parse_number(rest, tables)
        if low >= 100 or low != int(low):
            raise ConversionError(f"{text!r} is not a year")
        return format_year(high + int(low))
    value = parse_number(text, tables)
    if value != int(value) or not 1 <= value <= 9999:
        raise ConversionError(f"{text!r} is not a year")
    return format_year(int(value))


def _plain_year(args: tuple[str | None, ...], tables: Tables) -> str:
    """A year taken literally ("AD 79" → 0079, "the year 800" → 0800)."""
    text = _need(args[0]).replace(",", "")
    if not text.isdigit() or not 1 <= int(text) <= 9999:
        raise ConversionError(f"{text!r} is not a year")
    return format_year(int(text))


def _bc_year(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "44" (BC) → astronomical year -43."""
    text = _need(args[0]).replace(",", "")
    if not text.isdigit() or not 1 <= int(text) <= 10000:
        raise ConversionError(f"{text!r} is not a BC year")
    return format_year(1 - int(text))


def _complete_year(args: tuple[str | None, ...], tables: Tables) -> str:
    """Second year of "1980-88": completed with the first year's century."""
    first, second = _need(args[0]), _need(args[1])
    if len(second) >= 4:
        return second
    width = len(second)
    prefix = first[: len(first) - width]
    value = int(prefix + second)
    if value < int(first):  # "1998-02" → 2002
        value += 10**width
    return format_year(value)


def _decade(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "1980s" / "1980" → "198"; "'80s" / "80s" → "198"."""
    text = _need(args[0]).strip().lstrip("'’").rstrip("sS").rstrip("'’")
    if not text.isdigit():
        raise ConversionError(f"{text!r} is not a decade")
    if len(text) == 2:
        text = ("19" if int(text) >= 20 else "20") + text
    if len(text) != 4 or not text.endswith("0"):
        raise ConversionError(f"{text!r} is not a decade")
    return text[:3]


def century_digits(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "19th" / "nineteenth" (century) → "18" (the TIMEX3 value names the hundreds)."""
    number = int(ordinal_number(args, tables))
    if not 1 <= number <= 100:
        raise ConversionError(f"century {number} out of range")
    return f"{number - 1:02d}"


def _duration(args: tuple[str | None, ...], tables: Tables) -> str:
    """(count, unit) → ISO 8601 duration: ("30", "days") → P30D, ("24", "hours") → PT24H,
    ("2 1/2", "years") → P2Y6M."""
    count = parse_number(_need(args[0]), tables)
    unit = lookup(tables["unit"], args[1])
    return format_duration(count, unit)


# how a fraction of a unit is expressed in the next smaller one
_SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "TH"), "TH": (60, "TM"), "TM": (60, "TS")}


def format_duration(count: float, unit: str) -> str:
    whole = int(count)
    rest = count - whole
    parts: list[tuple[str, str]] = []
    if whole or not rest:
        parts.append((str(whole), unit))
    if rest:
        if unit not in _SMALLER:
            return _join_duration([(f"{count:g}", unit)])
        factor, smaller = _SMALLER[unit]
        parts.append((_fmt(rest * factor), smaller))
    return _join_duration(parts)


def _join_duration(parts: list[tuple[str, str]]) -> str:
    date = "".join(n + u for n, u in parts if not u.startswith("T"))
    time = "".join(n + u[1:] for n, u in parts if u.startswith("T"))
    return "P" + date + ("T" + time if time else "")


def _vague_duration(args: tuple[str | None, ...], tables: Tables) -> str:
    """unit → duration of unknown length: "years" → PXY, "hours" → PTXH."""
    unit = lookup(tables["unit"], args[0])
    return "PTX" + unit[1:] if unit.startswith("T") else "PX" + unit


def _period(args: tuple[str | None, ...], tables: Tables) -> str:
    """unit → one of it: "week" → P1W, "hour" → PT1H (for "every week")."""
    return format_duration(1, lookup(tables["unit"], args[0]))


def _time12(args: tuple[str | None, ...], tables: Tables) -> str:
    """(hour, minute, a.m./p.m. or a part of the day) → "HH:MM" on the 24-hour clock."""
    hour = int(_need(args[0]))
    minute = int(args[1]) if args[1] else 0
    marker = (args[2] or "").lower().replace(".", "").replace(" ", "")
    if not 1 <= hour <= 12 or minute > 59:
        raise ConversionError("not a 12-hour time")
    if marker:
        # "p.m.", and the parts of the day that stand for it ("10 at night"): tables.toml
        half = tables["meridiem"].get(marker)
        if half is None:
            raise ConversionError(f"{marker!r} is neither a.m. nor p.m.")
        if half == "pm" and hour != 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
    return f"{hour:02d}:{minute:02d}"


def _clock(args: tuple[str | None, ...], tables: Tables) -> str:
    """(hour, "half past" / "quarter to" / None, part of the day or None) → "HH:MM":
    "three", "half past" → "03:30"; "5", "quarter to", "afternoon" → "16:45". Without a part
    of the day the hour stays as written ("8 o'clock" → "08:00")."""
    text = _need(args[0]).strip()
    hour = int(text) if text.isdigit() else int(lookup(tables["hour_word"], text))
    if not 1 <= hour <= 12:
        raise ConversionError("not an hour on the clock")
    minute = 0
    if args[1]:  # minutes from the hour named, before it when negative ("quarter to")
        offset = int(lookup(tables["clock_phrase"], args[1]))
        if not -59 <= offset <= 59:
            raise ConversionError(f"not a clock phrase: {args[1]!r}")
        if offset < 0:
            minute, hour = 60 + offset, hour - 1 or 12
        else:
            minute = offset
    if args[2]:
        return _time12((str(hour), str(minute), args[2]), tables)
    return f"{hour:02d}:{minute:02d}"


def _time24(args: tuple[str | None, ...], tables: Tables) -> str:
    hour = int(_need(args[0]))
    minute = int(args[1]) if args[1] else 0
    if hour > 24 or minute > 59:
        raise ConversionError("not a 24-hour time")
    return f"{hour:02d}:{minute:02d}"


def _week_of_month(args: tuple[str | None, ...], tables: Tables) -> str:
    """(year, month name, which) → the ISO week: "2021", "January", "second" → "2021-W02"."""
    year = int(_year(args[:1], tables))
    month = int(lookup(tables["month"], args[1]))
    return week_of_month(year, month, lookup(tables["month_week"], args[2]))


def _lower(args: tuple[str | None, ...], tables: Tables) -> str:
    return normalize_key(_need(args[0]))


BUILTINS: dict[str, Converter] = {
    "number": Converter(_number, 1, "2"),
    "pad2": Converter(_pad2, 1, "07"),
    "ordinal": Converter(ordinal_number, 1, "3"),
    "year": Converter(_year, 1, "1989"),
    "year_words": Converter(_year_words, 1, "1996"),
    "bc_year": Converter(_bc_year, 1, "-0043"),
    "plain_year": Converter(_plain_year, 1, "0800"),
    "complete_year": Converter(_complete_year, 2, "1988"),
    "decade": Converter(_decade, 1, "198"),
    "century": Converter(century_digits, 1, "18"),
    "duration": Converter(_duration, 2, "P3Y"),
    "vague_duration": Converter(_vague_duration, 1, "PXY"),
    "period": Converter(_period, 1, "P1W"),
    "time12": Converter(_time12, 3, "14:30"),
    "time24": Converter(_time24, 2, "14:30"),
    "clock": Converter(_clock, 3, "03:30"),
    "lower": Converter(_lower, 1, "x"),
    "week_of_month": Converter(_week_of_month, 3, "2021-W02"),
}


def table_converter(name: str, table: Mapping[str, str]) -> Converter:
    sample = next(iter(table.values()), "")

    def convert(args: tuple[str | None, ...], tables: Tables) -> str:
        return lookup(tables[name], args[0])

    return Converter(convert, 1, sample)
