"""Input that never ends, or would fill memory, is refused in one line, quickly."""

import json
import subprocess
import sys

import pytest

RNNCALC = [sys.executable, "-m", "rnncalc"]


@pytest.mark.parametrize("command", [["params"], ["shapes"], ["solve", "--params", "72"]])
def test_a_spec_that_never_ends_is_refused(command):
    run = subprocess.run([*RNNCALC, *command, "--spec", "/dev/zero"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr == "rnncalc: error: --spec: holds more than 64 MiB; split it (got '/dev/zero')\n"


def test_a_spec_on_stdin_beyond_the_limit_is_refused(rnncalc, monkeypatch):
    from rnncalc import options

    monkeypatch.setattr(options, "MAX_SPEC_BYTES", 1000)
    monkeypatch.setattr(options.read_text, "__defaults__", ("FILE", 1000))
    result = rnncalc("params", "--spec", "-", input='{"cell": "lstm", "inp": 2, "units": 3}\n' * 40)
    assert result.exit_code == 2
    assert "--spec: holds more than" in result.stderr


def test_a_spec_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "spec.json"
    path.write_bytes(b'\xef\xbb\xbf{"cell": "lstm", "inp": 2, "units": 3}')
    for source, stdin in ((str(path), None), ("-", path.read_bytes())):
        run = subprocess.run([*RNNCALC, "params", "--spec", source, "--json"], input=stdin, capture_output=True,
                             timeout=60)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["total"] == 72


@pytest.mark.parametrize("extra", [["--sort", "total", "-f", "csv"], ["-f", "markdown"], []])
def test_a_sweep_too_big_to_hold_is_refused_before_it_starts(rnncalc, extra):
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..500", "-u", "1..1000", *extra)
    assert result.exit_code == 2
    assert "at most 250,000 points and 2,500,000 layers in all, not 500,000 points" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_a_sweep_that_would_run_for_days_is_refused_before_it_starts_even_streamed(rnncalc, fmt):
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..1000000", "-u", "1..1000000", "-F", "all", "-f", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert "7,000,000,000,000 points; a sweep counts at most 1,000,000" in result.stderr


@pytest.mark.parametrize("command", [["params", "--spec", "-"], ["check", "-"]])
def test_stdin_closed_is_one_line(command):
    run = subprocess.run([*RNNCALC, *command], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                         preexec_fn=lambda: __import__("os").close(0))
    assert run.returncode == 2
    assert run.stderr.endswith("cannot read it: stdin is closed (got '-')\n") and run.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["--version"], ["params", "-c", "lstm", "-i", "2", "-u", "3"]])
def test_a_closed_stream_is_not_an_error(args):
    import os

    for fd in (1, 2):
        run = subprocess.run([*RNNCALC, *args], capture_output=True, timeout=60,
                             preexec_fn=lambda fd=fd: os.close(fd))
        assert run.returncode == 0, (fd, run.stderr)
        assert b"Traceback" not in run.stderr


def test_a_completion_request_typer_answers_is_never_run_as_a_command():
    env = {**__import__("os").environ, "_RNNCALC_COMPLETE": "source_bash"}
    run = subprocess.run([*RNNCALC, "params", "-c", "lstm", "-i", "2", "-u", "3"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert "complete" in run.stdout and "params =" not in run.stdout
