"""Types, checked: mypy --strict over the whole package finds nothing (the version is pinned in
the test extra, so a new mypy's new rules arrive as a deliberate upgrade)."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "rnncalc"


def test_mypy_strict_finds_nothing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
                             str(SRC)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
