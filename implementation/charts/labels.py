"""Column labels that fit a narrow heatmap column: Dutch words broken at a syllable
("Kanjer-training", "Leef-stijl"), with a hyphen, in lines of a few characters."""
from __future__ import annotations

from .common import label

VOWELS = set("aeiouyAEIOUY")
ONSETS = {"bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kn", "kr", "pl", "pr", "sch", "sl",
          "sm", "sn", "sp", "st", "str", "tr", "vl", "vr", "wr", "zw"}


def _wrap_word(word: str, width: int) -> list[str]:
    """A word longer than ``width`` split once with a hyphen, between two consonants near
    its middle, keeping a consonant cluster that starts a syllable ('tr', 'st') together:
    "Kanjer-training", "Leef-stijl"."""
    if len(word) <= width:
        return [word]
    middle = len(word) / 2

    def score(i: int) -> float:
        value = abs(i - middle)
        value -= 0.5 if word[i:i + 2].lower() in ONSETS else 0
        value += 1 if word[i - 1:i + 1].lower() in ONSETS else 0
        return value
    splits = [i for i in range(2, len(word) - 2)
              if word[i - 1] not in VOWELS and word[i] not in VOWELS
              and word[i - 1].isalpha() and word[i].isalpha()
              and word[i - 1:i + 1].lower() != "ch"]
    if not splits:
        return [word]
    cut = min(splits, key=score)
    return [word[:cut] + "-", word[cut:]]


def column_label(text: str, width: int = 6) -> str:
    """A column heading in lines of about ``width`` characters; a long word is split
    with a hyphen ("Kanjer-<br>training") rather than the heading being rotated."""
    lines, line = [], ""
    for word in str(text).split():
        for part in _wrap_word(word, width):
            if line and len(line) + 1 + len(part) > width:
                lines.append(line)
                line = part
            else:
                line = f"{line} {part}".strip()
            if part.endswith("-"):
                lines.append(line)
                line = ""
    if line:
        lines.append(line)
    return "<br>".join(label(x) for x in lines)
