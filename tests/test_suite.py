"""The suite's own rules, which keep it within its time budget (README, Development)."""

import re
from pathlib import Path

TESTS = Path(__file__).parent


def test_property_tests_take_their_example_counts_from_the_profile():
    # A count written as a bare number would stay the same under --hypothesis-profile=deep.
    # (tests/conftest.py registers the profiles themselves.)
    bare = [f"{path.relative_to(TESTS)}:{n}" for path in sorted(TESTS.rglob("*.py")) if path != TESTS / "conftest.py"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"max_examples=\d", line)]
    assert not bare, f"write max_examples=examples(N) (tests/helpers.py): {bare}"
