"""Helpers shared by the tests (a module of its own: two conftest.py files share that name)."""

from hypothesis import settings


def examples(n: int) -> int:
    """A property test's example count: n in the default profile, scaled by the profile loaded
    (ten times n under --hypothesis-profile=deep; the profiles are in tests/conftest.py)."""
    return n * settings().max_examples // settings.get_profile("default").max_examples


def assert_one_line_error(result, *fragments):
    """Bad input: exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("rnncalc: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
