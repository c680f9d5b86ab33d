"""A long sweep shows a progress bar on stderr when stderr is a terminal, and only then."""

import os
import pty
import subprocess
import sys
import threading

def watch(master):
    """What the terminal shows, read on a thread until it closes with the process."""
    shown = bytearray()

    def read_terminal():
        try:
            while chunk := os.read(master, 65536):
                shown.extend(chunk)
        except OSError:  # the terminal closed with the process
            pass

    reader = threading.Thread(target=read_terminal)
    reader.start()
    return shown, reader


SWEEP = [sys.executable, "-m", "rnncalc", "sweep", "-c", "lstm", "-i", "1..50", "-u", "1..400", "-f", "jsonl"]


def test_a_long_sweep_shows_progress_on_a_terminal_and_keeps_stdout_clean():
    master, slave = pty.openpty()
    process = subprocess.Popen(SWEEP, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown, reader = watch(master)
    stdout = process.stdout.read()
    assert process.wait(timeout=120) == 0
    reader.join(10)
    os.close(master)
    assert len(stdout.splitlines()) == 20_000
    assert stdout.startswith(b'{"point":1,')
    assert b"sweep" in shown and b"/20000" in shown


def test_no_progress_when_stderr_is_not_a_terminal():
    run = subprocess.run(SWEEP, capture_output=True, timeout=120)
    assert run.returncode == 0
    assert run.stderr == b""
    assert len(run.stdout.splitlines()) == 20_000


def test_no_progress_when_rows_go_to_the_same_terminal():
    master, slave = pty.openpty()
    process = subprocess.Popen(SWEEP, stdout=slave, stderr=slave)
    os.close(slave)
    shown, reader = watch(master)
    assert process.wait(timeout=120) == 0
    reader.join(10)
    os.close(master)
    assert b"/20000" not in shown and b"\x1b[?25l" not in shown


def test_a_reader_gone_mid_sweep_gives_the_terminal_its_cursor_back():
    master, slave = pty.openpty()
    process = subprocess.Popen([*SWEEP[:-2], "-f", "csv"], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown, reader = watch(master)
    process.stdout.read(2_000_000 // 20)  # some rows, then hang up, as `| head` does
    process.stdout.close()
    process.wait(timeout=120)
    reader.join(10)
    os.close(master)
    if b"\x1b[?25l" in shown:  # the bar was up when the reader left: it must be taken down
        assert shown.rfind(b"\x1b[?25h") > shown.rfind(b"\x1b[?25l")
