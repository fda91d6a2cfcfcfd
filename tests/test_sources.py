"""Source identity: URL normalisation, stable ids, source types and the user-extensible type table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefs_analyzer.model import Citation
from briefs_analyzer.sources import (
    load_source_types,
    make_source,
    normalize_text,
    normalize_url,
    source_id,
    source_key,
    source_type,
    url_host,
)


def full(
    *,
    title: str | None = None,
    container: str | None = None,
    url: str | None = None,
    volume: str | None = None,
    issue: str | None = None,
    date: str | None = None,
) -> Citation:
    """A full citation with just the fields a test cares about."""
    return Citation(
        kind="full", text="", title=title, container=container, url=url, volume=volume, issue=issue, date=date
    )


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://www.nti.org/education-center/", "https://nti.org/education-center"),
        ("HTTP://WWW.NTI.ORG/Education-Center/", "https://nti.org/Education-Center"),
        ("http://nti.org/education-center", "https://nti.org/education-center"),
        ("www.nti.org/a/", "https://nti.org/a"),
        ("https://nti.org:443/a", "https://nti.org/a"),
        ("https://nti.org:8080/a", "https://nti.org:8080/a"),
        ("https://nti.org/", "https://nti.org"),
        ("https://e.com/a.cms?from=mdr", "https://e.com/a.cms"),
        ("https://e.com/a?from=home", "https://e.com/a?from=home"),
        ("https://e.com/a?utm_source=x&id=7&utm_medium=y", "https://e.com/a?id=7"),
        ("https://e.com/a?fbclid=abc&gclid=def", "https://e.com/a"),
        ("https://e.com/a?b=2&a=1", "https://e.com/a?a=1&b=2"),
        ("https://e.com/a#section-2", "https://e.com/a"),
        ("https://e.com/x%2fy%3a", "https://e.com/x%2Fy%3A"),
        ("https://e.com/%7Euser/%41", "https://e.com/~user/A"),
        ("<https://e.com/a>", "https://e.com/a"),
    ],
)
def test_normalize_url(url: str, normal: str) -> None:
    assert normalize_url(url) == normal


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("The Economic Times", "economic times"),
        (
            "“US to update its MTCR Export Control Policies for India.”",
            "us to update its mtcr export control policies for india",
        ),
        ("India’s Membership of Missile…", "indias membership of missile"),
        ("India's Membership of Missile...", "indias membership of missile"),
        ("Precedents (Wickham)", "precedents wickham"),
        (None, ""),
    ],
)
def test_normalize_text(text: str | None, normal: str) -> None:
    assert normalize_text(text) == normal


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.state.gov/a/", "state.gov"),
        ("http://1997-2001.state.gov/x.html", "1997-2001.state.gov"),
        ("www.reuters.com/a", "reuters.com"),
        (None, None),
    ],
)
def test_url_host(url: str | None, host: str | None) -> None:
    assert url_host(url) == host


def test_source_id_is_stable_across_runs_and_machines() -> None:
    c = full(
        title="Missile Technology Control Regime (MTCR)",
        container="Nuclear Threat Initiative",
        url="https://www.nti.org/education-center/treaties-and-regimes/missile-technology-control-regime-mtcr/",
    )
    key = "url https://nti.org/education-center/treaties-and-regimes/missile-technology-control-regime-mtcr"
    assert source_key(c) == key
    assert source_id(c) == "src-" + hashlib.sha256(key.encode()).hexdigest()[:12] == "src-d911e6149499"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # URL with and without www., tracking and trailing slash
            full(title="X", url="https://economictimes.indiatimes.com/news/a.cms?from=mdr"),
            full(title="Y", url="http://www.economictimes.indiatimes.com/news/a.cms/"),
        ),
        (  # no URL: title in different quotes and case, container with and without "The"
            full(title="“India’s Membership of MTCR”", container="*Strategic Studies*"),
            full(title='"INDIA\'S MEMBERSHIP OF MTCR."', container="The Strategic Studies"),
        ),
        (full(title="A Title", container="Times of India"), full(title="A title", container="The Times of India")),
    ],
)
def test_same_work_in_two_forms_is_one_source(a: Citation, b: Citation) -> None:
    assert source_id(a) == source_id(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # two articles from one newspaper
            full(
                title="US to remove regulations",
                container="Times of India",
                url="https://timesofindia.indiatimes.com/a/1.cms",
            ),
            full(
                title="A clear message", container="Times of India", url="https://timesofindia.indiatimes.com/b/2.cms"
            ),
        ),
        (full(title="Story One", container="Reuters"), full(title="Story Two", container="Reuters")),
        (full(title="Same Title", container="Reuters"), full(title="Same Title", container="Dawn")),
    ],
)
def test_different_works_are_different_sources(a: Citation, b: Citation) -> None:
    assert source_id(a) != source_id(b)


@pytest.mark.parametrize(
    ("citation", "kind"),
    [
        (full(url="https://economictimes.indiatimes.com/x", container="The Economic Times"), "news"),
        (full(url="https://www.reuters.com/world/"), "news"),
        (full(url="https://www.state.gov/x/"), "government"),
        (full(url="http://1997-2001.state.gov/x.html"), "government"),
        (full(url="https://india.mid.ru/en/history/", container="The Embassy of the Russian Federation"), "government"),
        (full(url="https://www.airuniversity.af.edu/JIPA/", container="Air University (AU)"), "government"),
        (full(url="https://mea.gov.in/x"), "government"),
        (full(url="https://www.nti.org/x/"), "think-tank"),
        (full(url="https://www.armscontrol.org/act/"), "think-tank"),
        (full(url="https://carnegieendowment.org/research/"), "think-tank"),
        (full(url="https://www.orfonline.org/research/", container="ORF"), "think-tank"),
        (full(url="https://www.nato.int/cps/"), "international-organization"),
        (full(url="https://unctad.org/publication/x"), "international-organization"),
        (full(container="Indian Journal of Politics and International Relations", volume="9", issue="2"), "journal"),
        (full(container="Strategic Studies", volume="37", issue="3"), "journal"),
        (full(container="Some Unknown Periodical", volume="4", issue="1"), "journal"),
        (full(container="Ministry of Foreign Affairs"), "government"),
        (full(container="Center for Economic Studies and Ifo Institute"), "think-tank"),
        (full(container="The Daily Star"), "news"),
        (full(url="https://blog.example.com/post", container="Someone's Blog"), "other"),
        (full(), "other"),
    ],
)
def test_source_type(citation: Citation, kind: str) -> None:
    assert source_type(citation) == kind


def test_user_table_extends_and_overrides_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "types.toml"
    extra.write_text(
        '[hosts]\n"blog.example.com" = "think-tank"\n"reuters.com" = "other"\n'
        '[containers]\n"Institute of Strategic Studies Islamabad" = "think-tank"\n',
        encoding="utf-8",
    )
    types = load_source_types(extra)
    assert source_type(full(url="https://blog.example.com/post"), types) == "think-tank"
    assert source_type(full(url="https://www.reuters.com/a"), types) == "other"
    assert source_type(full(container="The Institute of Strategic Studies, Islamabad"), types) == "think-tank"
    assert source_type(full(url="https://www.state.gov/a"), types) == "government"  # shipped entries kept
    assert source_type(full(url="https://www.reuters.com/a")) == "news"  # the default table is untouched


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[hosts]\n"a.com" = "blog"\n', "is not one of"),
        ('[websites]\n"a.com" = "news"\n', "unknown table"),
    ],
)
def test_bad_user_table_is_refused(tmp_path: Path, toml: str, message: str) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_source_types(extra)


def test_make_source_keeps_the_url_as_printed() -> None:
    c = full(
        title="US Imposes More Sanctions",
        container="Reuters",
        date="2024-12-18",
        url="https://www.reuters.com/world/asia-pacific/a/?utm_source=x",
    )
    src = make_source(c)
    assert (src.id, src.url, src.type, src.date, src.title) == (
        source_id(c),
        "https://www.reuters.com/world/asia-pacific/a/?utm_source=x",
        "news",
        "2024-12-18",
        "US Imposes More Sanctions",
    )
