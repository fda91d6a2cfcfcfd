"""One identity per cited work: URL normalisation, stable source ids and source types.

A source's id is ``"src-"`` plus the first 12 hex digits of the SHA-256 of a key built from its
content: the normalised URL when the citation has one, else its normalised title and container.
The key depends on nothing but the citation's text, so the id is the same on every run and
machine, and the same work cited in two briefs (with or without ``www.``, tracking parameters,
curly or straight quotes) gets one id.

Source types come from ``data/source_types.toml`` (see the comments there); pass your own TOML
file to :func:`load_source_types` to add or override entries.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from .model import Citation, Source

SOURCE_TYPES = ("news", "government", "think-tank", "journal", "international-organization", "legal", "other")
# Identifiers that name one work, in the order they are preferred as its identity.
IDENTITY_SCHEMES = (
    "doi", "isbn", "arxiv", "report_number", "reporter", "executive_order", "fed_reg", "usc", "cfr", "public_law",
    "stat", "bill", "code", "rule", "constitution",
)  # fmt: skip
# Work types whose source is a legal authority: typed ``legal``, never by the host that serves the text.
LEGAL_WORK_TYPES = frozenset({"legal_case", "legislation", "bill"})
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid"}
    | {"_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok"}
)
TRACKING_PAIRS = frozenset({("from", "mdr")})
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
NOT_WORD = re.compile(r"[^\w]+")
ELLIPSIS = re.compile(r"(?:…|\.\s?\.\s?\.)\s*$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")
DEFAULT_PORTS = {"http": 80, "https": 443}


# --- text and URL normalisation ---------------------------------------------------------------
def normalize_text(text: str | None) -> str:
    """Lower case words only: no quotes, punctuation, trailing ellipsis or leading article."""
    if not text:
        return ""
    out = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY).strip()
    out = ELLIPSIS.sub("", out).replace("'", "")
    out = NOT_WORD.sub(" ", out.lower()).replace("_", " ")
    return LEADING_ARTICLE.sub("", " ".join(out.split()))


def _percent(text: str) -> str:
    """Upper-case percent escapes; decode the ones that stand for unreserved characters."""

    def fix(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in UNRESERVED else "%" + m.group(1).upper()

    return PERCENT_ESCAPE.sub(fix, text)


def _is_tracking(pair: str) -> bool:
    key, _, value = pair.partition("=")
    key = unquote(key).lower()
    return key.startswith("utm_") or key in TRACKING_PARAMETERS or (key, unquote(value).lower()) in TRACKING_PAIRS


def normalize_url(url: str) -> str:
    """A canonical form of ``url`` for identity (never for display).

    http and https are one scheme; the host is lower-cased without ``www.`` or a default port;
    the trailing slash, the fragment and tracking parameters (``utm_*``, ``from=mdr``, ``fbclid``,
    ``gclid``...) are dropped; percent escapes are upper-cased; the remaining query is sorted.
    """
    raw = url.strip().strip("<>").strip()
    if raw.lower().startswith("www."):
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:  # not a URL urllib can read (e.g. a broken "[...]" host): compare it as text
        return raw.lower().rstrip("/")
    scheme = parts.scheme.lower()
    scheme = "https" if scheme in ("http", "https", "") else scheme
    host = (parts.hostname or "").rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = _percent(parts.path).rstrip("/")
    query = "&".join(sorted(_percent(p) for p in parts.query.split("&") if p and not _is_tracking(p)))
    return urlunsplit((scheme, host, path, query, ""))


def url_host(url: str | None) -> str | None:
    """The URL's host, lower case, without ``www.``."""
    if not url:
        return None
    raw = url.strip().strip("<>")
    try:
        host = urlsplit(raw if "://" in raw else "http://" + raw).hostname or ""
    except ValueError:
        return None
    return (host[4:] if host.startswith("www.") else host) or None


# --- identity ---------------------------------------------------------------------------------
def identity(citation: Citation) -> tuple[str, str] | None:
    """The identifier that names the work (a report number, a DOI, a statute section...), if any.

    A Congressional Record citation is one daily issue: volume and date, whatever the page.
    """
    ids = dict(citation.identifiers)
    for scheme in IDENTITY_SCHEMES:
        if scheme in ids:
            return scheme, normalize_text(ids[scheme]) if scheme != "doi" else ids[scheme].lower()
    if "congressional_record" in ids and citation.date:
        return "congressional_record", f"{ids['congressional_record'].split()[0]} {citation.date}"
    return None


def source_key(citation: Citation) -> str:
    """What two citations of one work have in common: an identifier, else their URL, else title and container.

    The identifier comes first, so a report cited by number in one brief and by title, number and
    URL in another is one source; a statute is one source per section (``21 U.S.C. § 355`` and
    ``§ 360`` are two), a case one per reporter citation.
    """
    if (found := identity(citation)) is not None:
        return f"id {found[0]} {found[1]}"
    if citation.url:
        return "url " + normalize_url(citation.url)
    if citation.title or citation.container:
        return f"work {normalize_text(citation.title)} | {normalize_text(citation.container)}"
    return "text " + normalize_text(citation.text)


def source_id(citation: Citation) -> str:
    """A stable id for the work ``citation`` cites: ``src-`` and 12 hex digits."""
    return "src-" + hashlib.sha256(source_key(citation).encode("utf-8")).hexdigest()[:12]


# --- types ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceTypes:
    """The lookup tables of ``source_types.toml``, keys already normalised."""

    hosts: Mapping[str, str]
    containers: Mapping[str, str]
    container_words: Mapping[str, str]
    host_labels: Mapping[str, str]


TABLES = ("hosts", "containers", "container_words", "host_labels")


def _read_toml(text: str, origin: str) -> dict[str, dict[str, str]]:
    data: dict[str, Any] = tomllib.loads(text)
    tables: dict[str, dict[str, str]] = {}
    for name, table in data.items():
        if name not in TABLES or not isinstance(table, dict):
            raise ValueError(f"{origin}: unknown table [{name}] (expected one of {', '.join(TABLES)})")
        for key, value in table.items():
            if value not in SOURCE_TYPES:
                raise ValueError(f"{origin}: [{name}] {key!r} = {value!r} is not one of {', '.join(SOURCE_TYPES)}")
        tables[name] = dict(table)
    return tables


def _build(tables: dict[str, dict[str, str]]) -> SourceTypes:
    def keyed(name: str, key_of: Any) -> dict[str, str]:
        return {key_of(k): v for k, v in tables.get(name, {}).items()}

    return SourceTypes(
        hosts=keyed("hosts", lambda k: k.lower().removeprefix("www.")),
        containers=keyed("containers", normalize_text),
        container_words=keyed("container_words", normalize_text),
        host_labels=keyed("host_labels", str.lower),
    )


@lru_cache(maxsize=1)
def _shipped_tables() -> dict[str, dict[str, str]]:
    text = resources.files("briefs_analyzer").joinpath("data/source_types.toml").read_text(encoding="utf-8")
    return _read_toml(text, "source_types.toml")


def load_source_types(extra: Path | None = None) -> SourceTypes:
    """The shipped source-type table, with the entries of the TOML file ``extra`` merged over it."""
    tables = {name: dict(table) for name, table in _shipped_tables().items()}
    if extra is not None:
        for name, table in _read_toml(extra.read_text(encoding="utf-8"), str(extra)).items():
            tables.setdefault(name, {}).update(table)
    return _build(tables)


@lru_cache(maxsize=1)
def default_source_types() -> SourceTypes:
    return load_source_types()


def _by_host(host: str | None, table: Mapping[str, str]) -> str | None:
    if not host:
        return None
    matches = [suffix for suffix in table if host == suffix or host.endswith("." + suffix)]
    return table[max(matches, key=len)] if matches else None


def _by_words(name: str, table: Mapping[str, str]) -> str | None:
    padded = f" {name} "
    for phrase in sorted(table, key=len, reverse=True):
        if phrase and f" {phrase} " in padded:
            return table[phrase]
    return None


def source_type(citation: Citation, types: SourceTypes | None = None) -> str:
    """``news``, ``government``, ``think-tank``, ``journal``, ``international-organization`` or ``other``."""
    table = types or default_source_types()
    host = url_host(citation.url)
    container = normalize_text(citation.container)
    found = (
        _by_host(host, table.hosts)
        or (table.containers.get(container) if container else None)
        or (_by_words(container, table.container_words) if container else None)
        or next((table.host_labels[label] for label in (host or "").split(".") if label in table.host_labels), None)
    )
    if found:
        return found
    return "journal" if citation.issue else "other"


def _source_type(citation: Citation, types: SourceTypes | None) -> str:
    if citation.work_type in LEGAL_WORK_TYPES:
        return "legal"
    if (
        dict(citation.identifiers).get("report_number", "").startswith("GAO")
        or citation.publisher in GOVERNMENT_PUBLISHERS
    ):
        return "government"
    return source_type(citation, types)


GOVERNMENT_PUBLISHERS = frozenset({"Congressional Research Service", "Government Accountability Office", "GPO"})


def _work_type(citation: Citation, kind: str) -> str | None:
    if citation.work_type:
        if citation.work_type == "article-journal" and kind == "news":
            return "article-newspaper"
        return citation.work_type
    if citation.container and kind == "news":
        return "article-newspaper"
    if citation.container and kind == "journal":
        return "article-journal"
    return None


def make_source(citation: Citation, types: SourceTypes | None = None) -> Source:
    """The :class:`Source` a full citation names (the URL is kept as printed)."""
    kind = _source_type(citation, types)
    return Source(
        id=source_id(citation),
        title=citation.title,
        authors=citation.authors,
        container=citation.container,
        date=citation.date,
        url=citation.url,
        type=kind,
        volume=citation.volume,
        issue=citation.issue,
        pages=citation.pages,
        accessed=citation.accessed,
        publisher=citation.publisher,
        identifiers=citation.identifiers,
        work_type=_work_type(citation, kind),
    )
