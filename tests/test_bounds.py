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
    from rnncalc.cli import options

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


def peak(run):
    """What ``run()`` returns, and the most memory Python held while it ran (bytes)."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("parts,bad,flag", [(20, ["--directions", "3"], "--directions"), (1, ["--sort", "nope"], "--sort"),
                                            (20, ["--sort", "nope"], "--units"), (60, [], "--units")])
def test_a_sweep_s_lists_are_counted_before_they_are_listed(rnncalc, parts, bad, flag):
    # Before: 20 parts of 1..1000000 took 812 MB even when another option was bad; 60 parts ended in a
    # MemoryError traceback.
    units = ",".join(["1..1000000"] * parts)
    result, held = peak(lambda: rnncalc("sweep", "-c", "lstm", "-i", "2", "-u", units, *bad))
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"rnncalc: error: {flag}: ")
    assert held < 20 * 2**20, held


def test_a_deep_sorted_sweep_is_refused_before_it_starts(rnncalc):
    # Before: --units 1..1000 --layers 1..250 --sort total took 51 s and 566 MB before any output.
    result, held = peak(lambda: rnncalc("sweep", "-c", "lstm", "-i", "2", "-u", "1..1000", "--layers", "1..250",
                                        "--sort", "total"))
    assert result.exit_code == 2 and result.stdout == ""
    assert "31,375,000 layers in all; a sweep counts at most 10,000,000" in result.stderr
    assert held < 20 * 2**20, held


def test_a_sweep_filtered_to_nothing_is_refused_when_it_could_not_end(rnncalc):
    # Before: ran silently for ever.
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..1000000", "-u", "1..1000000", "--max-params", "1", "-f", "csv")
    assert result.exit_code == 2 and "1,000,000,000,000 points" in result.stderr


def test_a_costed_sweep_has_its_own_smaller_limit(rnncalc):
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..1000", "-u", "1..101", "--steps", "100", "-f", "csv")
    assert result.exit_code == 2 and "101,000 points; a sweep with cost figures counts at most 100,000" in result.stderr


def test_a_spec_with_a_million_unknown_keys_is_named_in_bounded_memory(rnncalc, tmp_path):
    # Before: pydantic made an error per unknown key: 1.19 GB for a million; 185 MB (traced) for 200,000.
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"cell": "lstm", "inp": 2, "units": 3, **{f"k{i}": i for i in range(200_000)}}))
    result, held = peak(lambda: rnncalc("params", "--spec", str(path)))
    assert result.exit_code == 2
    assert result.stderr.startswith("rnncalc: error: k0: unknown key; the keys are cell, inp,")
    assert held < 100 * 2**20, held  # the JSON read twice, and no more
    with pytest.raises(__import__("rnncalc").SpecError, match="k0: unknown key"):
        __import__("rnncalc").Spec(cell="lstm", inp=2, units=3, **{f"k{i}": i for i in range(200_000)})


@pytest.mark.parametrize("first", ["nope", "[1]", "{", '{"cell": "lstm",'])
def test_a_batch_s_unreadable_line_is_an_error_record_wherever_it_stands(rnncalc, first):
    good = '{"cell": "lstm", "inp": 2, "units": 3}'
    for lines in ([first, good, "[1]"], [good, first, "[1]"], [good, "[1]", first]):
        result = rnncalc("params", "--spec", "-", "-f", "jsonl", "--fields", "total", input="\n".join(lines) + "\n")
        assert result.exit_code == 1, (lines, result.stderr)
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [("error" in r) for r in records] == [line != good for line in lines], (lines, records)


def test_one_broken_spec_over_several_lines_is_one_error(rnncalc):
    result = rnncalc("params", "--spec", "-", input='{\n  "cell": "lstm",,\n  "inp": 2\n}\n')
    assert result.exit_code == 2 and result.stderr.startswith("rnncalc: error: --spec: is not valid JSON")
