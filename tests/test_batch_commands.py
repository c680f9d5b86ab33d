"""A --spec of several JSON values (JSON Lines) is a batch for every command that reads a spec."""

import json

import pytest

SPECS = [
    {"cell": "lstm", "inp": 2, "units": 3},
    {"cell": "gru", "inp": 8, "units": [16, 4], "bidirectional": True, "framework": "pytorch"},
    {"cell": "rnn", "inp": 2, "units": 3, "framework": "onnx"},
]
COMMANDS = ["shapes", "explain", "layout", "diagram"]


def jsonl(*values):
    return "".join(json.dumps(v) + "\n" for v in values)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_spec_gets_the_answer_it_gets_alone(rnncalc, command, tmp_path):
    result = rnncalc(command, "--spec", "-", "--format", "jsonl", input=jsonl(*SPECS))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.pop("line") for r in records] == [1, 2, 3]
    for spec, record in zip(SPECS, records):
        path = tmp_path / "one.json"
        path.write_text(json.dumps(spec))
        assert record == rnncalc.json(command, "--spec", str(path))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_spec_is_an_error_record_and_the_rest_go_on(rnncalc, command):
    text = jsonl(SPECS[0], {"cell": "lstm", "inp": 2}) + "nope\n[1]\n" + jsonl(SPECS[2])
    result = rnncalc(command, "--spec", "-", "--json", input=text)
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]
    assert [("error" in r) for r in records] == [False, True, True, True, False]
    assert "units" in records[1]["error"] and "line 3" in records[2]["error"] and "list" in records[3]["error"]


def test_flags_apply_to_every_spec_of_the_batch(rnncalc):
    result = rnncalc("shapes", "--spec", "-", "-f", "jsonl", "--steps", "7", input=jsonl(*SPECS[:2]))
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert "7" in json.dumps(json.loads(line)["sequence"])


def test_nothing_readable_is_exit_2(rnncalc):
    result = rnncalc("explain", "--spec", "-", "-f", "jsonl", input="nope\n[1]\n")
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "text", "csv", "markdown"])
def test_a_batch_answers_in_json_only(rnncalc, fmt):
    result = rnncalc("layout", "--spec", "-", "-f", fmt, input=jsonl(*SPECS))
    assert result.exit_code == 2
    noun = "rows" if fmt == "csv" else "page"
    assert result.stderr.strip() == (f"rnncalc: error: --format: a batch of specs gives no {noun}: choose json, jsonl "
                                     f"(got '{fmt}')")


@pytest.mark.parametrize("command", ["params", *COMMANDS])
def test_a_json_batch_is_one_valid_document_even_when_its_first_spec_fails(rnncalc, command):
    result = rnncalc(command, "--spec", "-", "--json", input=jsonl({"cell": "lstm", "inp": 0, "units": 3}, SPECS[0]))
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [r["line"] for r in records] == [1, 2] and "error" in records[0] and "error" not in records[1]


@pytest.mark.parametrize("command", ["shapes", "diagram"])
def test_a_bad_run_option_is_one_error_not_one_per_spec(rnncalc, command):
    result = rnncalc(command, "--spec", "-", "--json", "--steps", "x", input=jsonl(*SPECS))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "rnncalc: error: --steps: must be a whole number (got 'x')\n"


def test_a_totals_batch_is_written_as_the_json_encoder_writes_it(rnncalc):
    from rnncalc import count, parse_spec

    specs = [*SPECS, {"cell": "lstm", "inp": 0, "units": 3}, {"cell": "gru", "inp": 2**31 - 1, "units": [2**31 - 1]}]
    for fmt in ("jsonl", "json"):
        result = rnncalc("params", "--spec", "-", "--format", fmt, "--fields", "total", input=jsonl(*specs))
        expected = [{"line": n, "total": count(parse_spec(s)).total} if n != 4 else None
                    for n, s in enumerate(specs, 1)]
        records = result.stdout.splitlines() if fmt == "jsonl" else json.loads(result.stdout)
        for want, got in zip(expected, records):
            text = got if fmt == "jsonl" else json.dumps(got, separators=(",", ":"))
            if want is None:
                assert '"error"' in text
            else:
                assert text == json.dumps(want, separators=(",", ":"))
