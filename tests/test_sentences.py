"""Sentence splitting on the things policy prose is full of."""

from __future__ import annotations

import pytest

from briefs_analyzer.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("The U.S. Congress met. It voted.", ["The U.S. Congress met.", "It voted."]),
        ("ties with the U.S. As both grew, they met.", ["ties with the U.S.", "As both grew, they met."]),
        ("U.S.-India ties grew. Both gained.", ["U.S.-India ties grew.", "Both gained."]),
        ("at the India-U.S. 2+2 dialogue. It ended.", ["at the India-U.S. 2+2 dialogue.", "It ended."]),
        ("Dr. Khan spoke. He left.", ["Dr. Khan spoke.", "He left."]),
        ("See No. 2 in the list. Done.", ["See No. 2 in the list.", "Done."]),
        ("Tools, e.g. Sanctions, work. Yes.", ["Tools, e.g. Sanctions, work.", "Yes."]),
        ("Robert M. Hathaway wrote it. Fine.", ["Robert M. Hathaway wrote it.", "Fine."]),
        (
            "He said, “...and importantly, it will.” Then he left.",
            ["He said, “...and importantly, it will.”", "Then he left."],
        ),
        (
            "claiming that “the removal...will support objectives...” As such, it ended.",
            ["claiming that “the removal...will support objectives...”", "As such, it ended."],
        ),
        ("It fell... and then rose. Good.", ["It fell... and then rose.", "Good."]),
        ("Was it? Yes! Fine.", ["Was it?", "Yes!", "Fine."]),
        (
            "with “close partners like India.” He maintained it.",
            ["with “close partners like India.”", "He maintained it."],
        ),
        ("In 1987. The end.", ["In 1987.", "The end."]),
        ("a payload of 2.5 tons. Next.", ["a payload of 2.5 tons.", "Next."]),
        ("  leading and trailing space.  ", ["leading and trailing space."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
