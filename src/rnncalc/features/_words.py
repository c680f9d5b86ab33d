"""English for generated sentences: the article a noun takes, a list joined with "and", and the
verb that agrees with it. Every sentence that names a cell or lists frameworks uses these, so
"an GRU cell" or "PyTorch and TF1 has it" cannot come back (tests/test_words.py lints the text
of every command over every convention, cell and option). A leaf module: no rnncalc imports.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["a", "listed", "verb"]

#: Letters whose spoken name starts with a vowel sound: an LSTM, an RNN, an SRU, an F1 score.
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
#: Words spelt with a vowel that start with a consonant sound, and the reverse.
_CONSONANT_SOUND = ("one", "uni", "use", "usu", "eu")
_VOWEL_SOUND = ("hour", "honest")


def _spelled(word: str) -> bool:
    """Whether a word is read letter by letter: GRU, LSTM, RNN (not Elman, not Keras)."""
    head = word.split()[0].split("-")[0].split("_")[0] if word.split() else ""
    return len(head) > 1 and head.isupper() or len(head) == 1


def a(noun: str) -> str:
    """``noun`` with its indefinite article: 'a GRU cell', 'an LSTM cell', 'an Elman RNN cell'."""
    word = noun.lstrip("([\"'")
    if _spelled(word):
        vowel = word[0].upper() in _VOWEL_LETTERS
    else:
        lower = word.lower()
        vowel = (lower[:1] in "aeiou" and not lower.startswith(_CONSONANT_SOUND)) or lower.startswith(_VOWEL_SOUND)
    return f"{'an' if vowel else 'a'} {noun}"


def listed(items: Sequence[str], last: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def verb(items: Sequence[str] | int, singular: str, plural: str) -> str:
    """The verb that agrees with a subject of ``items`` (or that many): 'has' or 'have'."""
    n = items if isinstance(items, int) else len(items)
    return singular if n == 1 else plural
