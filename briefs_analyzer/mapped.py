"""Text that remembers, for every character, where it stood in the file.

The parser rewrites text (joins lines, removes markers, collapses whitespace, stitches a
paragraph across a block of notes); :class:`MappedText` carries the file offset of every
character through those edits, so a claim or marker can always be pointed back to its
line and column.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class MappedText:
    text: str
    origins: array  # type: ignore[type-arg]  # array('q'): file offset of each character

    @classmethod
    def from_source(cls, text: str, offset: int) -> MappedText:
        return cls(text, array("q", range(offset, offset + len(text))))

    @classmethod
    def join(cls, parts: Iterable[MappedText], sep: str = " ") -> MappedText:
        texts: list[str] = []
        origins = array("q")
        for i, part in enumerate(parts):
            if i and sep:
                texts.append(sep)
                anchor = origins[-1] if origins else (part.origins[0] if part.origins else 0)
                origins.extend([anchor] * len(sep))
            texts.append(part.text)
            origins.extend(part.origins)
        return cls("".join(texts), origins)

    def __len__(self) -> int:
        return len(self.text)

    def origin(self, index: int) -> int:
        """File offset of the character at ``index`` (clamped to the text)."""
        if not self.origins:
            return 0
        return int(self.origins[min(max(index, 0), len(self.origins) - 1)])

    def remove(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        """The text with the given (sorted, disjoint) spans cut out."""
        texts: list[str] = []
        origins = array("q")
        pos = 0
        for start, end in spans:
            texts.append(self.text[pos:start])
            origins.extend(self.origins[pos:start])
            pos = end
        texts.append(self.text[pos:])
        origins.extend(self.origins[pos:])
        return MappedText("".join(texts), origins)

    def replace(self, pattern: re.Pattern[str], group: int) -> MappedText:
        """Replace every match of ``pattern`` by its ``group`` (e.g. unwrap ``*emphasis*``)."""
        texts: list[str] = []
        origins = array("q")
        pos = 0
        for m in pattern.finditer(self.text):
            texts.append(self.text[pos : m.start()])
            origins.extend(self.origins[pos : m.start()])
            texts.append(m.group(group))
            origins.extend(self.origins[m.start(group) : m.end(group)])
            pos = m.end()
        texts.append(self.text[pos:])
        origins.extend(self.origins[pos:])
        return MappedText("".join(texts), origins)

    def squeeze(self) -> MappedText:
        """Collapse every run of whitespace to one space and strip both ends."""
        texts: list[str] = []
        origins = array("q")
        pos = 0
        for m in _SPACE_RUN.finditer(self.text):
            texts.append(self.text[pos : m.start()])
            origins.extend(self.origins[pos : m.start()])
            if m.start() and m.end() < len(self.text):
                texts.append(" ")
                origins.append(self.origins[m.start()])
            pos = m.end()
        texts.append(self.text[pos:])
        origins.extend(self.origins[pos:])
        return MappedText("".join(texts), origins)
