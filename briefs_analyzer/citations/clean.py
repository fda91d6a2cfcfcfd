"""Cleaning a note's text (URLs broken across lines, spaces) and the spans a cut must not fall in (quotes, brackets)."""

from __future__ import annotations

import itertools

from .patterns import (
    ANGLE_URL,
    CONTINUED,
    DAY_COMMA_YEAR,
    NUMBER_BROKEN_AT_HYPHEN,
    SMALL_WORDS,
    URL,
    URL_AT_LINE_END,
    URL_INNER_CHARS,
    URL_TRAILING,
    WHITESPACE,
)


# --- cleaning ---------------------------------------------------------------------------------
def clean_note_text(text: str) -> str:
    """The note's text on one line, with URLs broken across lines (or across a page break) joined."""
    out = text.replace("\r\n", "\n").replace("\u00a0", " ")
    out = CONTINUED.sub("\n", out)  # "(continued...)" at a page break: the note goes on
    out = DAY_COMMA_YEAR.sub(r"\1, \2", out)  # "September 19,2024"
    out = ANGLE_URL.sub(lambda m: "<" + WHITESPACE.sub("", m.group(1)) + ">", out)
    out = _join_bare_urls(out)
    out = NUMBER_BROKEN_AT_HYPHEN.sub(r"\1-\2", out)
    return WHITESPACE.sub(" ", out).strip()


def _join_bare_urls(text: str) -> str:
    while True:
        for m in URL_AT_LINE_END.finditer(text):
            if _continues_url(m.group(1), m.group(2)):
                text = text[: m.end(1)] + text[m.start(2) :]
                break
        else:
            return text


def _continues_url(url: str, following: str) -> bool:
    """Is ``following`` (the first word of the next line) the rest of ``url``?"""
    if url[-1] in URL_TRAILING + ")]" or URL.match(following):
        return False
    bare = following.rstrip(URL_TRAILING + ")")
    if not bare or bare.lower() in SMALL_WORDS:
        return False
    if URL_INNER_CHARS.search(bare):
        return True
    capitalised_word = bare[0].isupper() and bare[1:].islower()
    return url[-1] in "/-_=&?#%~" and bare[0].isalnum() and not capitalised_word


def clean_url(url: str) -> str:
    """A URL as printed, without its angle brackets and the punctuation of the sentence around it."""
    out = url.strip().strip("<>").strip()
    while out and (
        out[-1] in URL_TRAILING
        or (out[-1] == ")" and out.count("(") < out.count(")"))
        or (out[-1] == "]" and out.count("[") < out.count("]"))
    ):
        out = out[:-1]
    return out


# --- protected spans --------------------------------------------------------------------------
def quote_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    straight = [i for i, ch in enumerate(text) if ch == '"']
    spans.extend(zip(straight[::2], straight[1::2], strict=False))
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "“":
            stack.append(i)
        elif ch == "”" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i))
    return spans


def bracket_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for opener, closer in ("()", "[]"):
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == opener:
                stack.append(i)
            elif ch == closer and stack:
                spans.append((stack.pop(), i))
    stars = [i for i, ch in enumerate(text) if ch == "*"]
    spans.extend(zip(stars[::2], stars[1::2], strict=False))
    spans.extend((m.start(), m.end() - 1) for m in ANGLE_URL.finditer(text))
    spans.extend((m.start(), m.start() + len(clean_url(m.group(0))) - 1) for m in URL.finditer(text))
    return spans


def protected_mask(text: str, *, brackets: bool = True) -> list[bool]:
    """True at every character inside quotes (and, if ``brackets``, brackets, italics and URLs)."""
    inside = [False] * len(text)
    spans = quote_spans(text) + (bracket_spans(text) if brackets else [])
    for start, end in spans:
        for i in range(start, end + 1):
            inside[i] = True
    return inside


def split_at(text: str, positions: list[int]) -> list[str]:
    bounds = [0, *positions, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def top_level(text: str, char: str) -> list[int]:
    inside = protected_mask(text)
    return [
        i
        for i, ch in enumerate(text)
        if ch == char and not inside[i] and (char != "," or i + 1 == len(text) or text[i + 1].isspace())
    ]


def split_parts(text: str) -> list[str]:
    """``text`` cut at commas outside quotes, brackets, italics and URLs (the commas dropped)."""
    pieces = split_at(text, top_level(text, ","))
    return [pieces[0].strip(), *(p[1:].strip() for p in pieces[1:])]
