"""The HTML reader's vocabulary: which elements are blocks, noise, italics, notes lists, and the small
questions asked of an element (its tag, text, source line, words, whether it is hidden).
"""

from __future__ import annotations

import re

from lxml import etree

from briefs_analyzer.patterns import SUPERSCRIPT_DIGITS

El = etree._Element


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK = _names(
    "p div section article main header li ul ol dl dt dd blockquote pre table thead tbody tfoot tr caption "
    "figure figcaption hr address center details summary fieldset body html"
)
HEADINGS = frozenset(f"h{i}" for i in range(1, 7))
ALWAYS_SKIP = _names(
    "head script style noscript template nav aside form button select textarea input label iframe svg canvas "
    "object embed video audio map footer dialog"
)
NOISE_WORDS = _names(
    "nav navbar navigation menu menubar sidebar footer comment comments breadcrumb breadcrumbs share sharing "
    "social related widget widgets cookie cookies newsletter subscribe masthead pagination skip toolbar "
    "advert advertisement ads promo popup modal meta"
)
NOISE_ROLES = _names("navigation banner contentinfo complementary search menu menubar toolbar dialog")
ITALIC = frozenset(("em", "i", "cite"))
LIST_WORDS = frozenset(("footnotes", "endnotes", "notes", "references", "reflist"))
LIST_ROLES = frozenset(("doc-endnotes", "doc-footnotes"))
LIST_TAGS = frozenset(("ol", "ul", "div", "section", "aside", "footer"))
NOTE_BLOCKS = frozenset(("li", "p", "div", "dd", "aside", "section", "td", "footer", "blockquote"))

_NUMBER = re.compile(r"^[\s\[(]*(\d{1,4})[\s\])]*[.:]?\s*$")
LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.):])\s*")
PLAIN_LABEL = re.compile(r"^\s*(\d{1,4})\s+")
BACK_TEXT = re.compile(r"^[\s↩↑⤴^︎️]*(?:back|return|top)?[\s↩↑⤴^︎️]*$", re.IGNORECASE)
EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_WORDS = re.compile(r"[^a-z0-9]+")
SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$")

TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


# --- helpers -------------------------------------------------------------------------------


def tag_of(el: El) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def text_of(el: El) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


def sourceline(el: El) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def words_of(el: El, *attrs: str) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        out.update(w for w in _WORDS.split((el.get(attr) or "").lower()) if w)
    return out


def inside(el: El, ancestor: El) -> bool:
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def number_in(text: str) -> int | None:
    m = _NUMBER.match(text)
    return int(m.group(1)) if m else None


def drop(el: El) -> None:
    """Remove ``el`` from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def hidden(el: El) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or "mso-hide:all" in style
