import csv
import io

import pytest
from click.testing import CliRunner

from plugins.vetting.cli import vetting
from plugins.vetting.lists import ListFormatError, parse_parley_csv
from plugins.vetting.matching.spreadsheet import (
    OUTPUT_COLUMNS,
    read_subjects,
    screen_csv,
    screen_csv_text,
)

from .lists_fixture import LIST_CSV

SUBJECTS = """id,kind,name,organisation,country,birth_date
1,person,Senior General Min Aung Hlaing,,Myanmar,1956
2,person,Aung Myo Min,National Unity Government,,
3,organisation,Burma Human Rights Network,,,
4,person,Daw Khin Ma Ma,Myanma Economic Holdings Ltd,,
5,,MEHL,,,
"""


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_screen_csv_writes_one_row_per_finding_with_the_header():
    out = rows(screen_csv_text(LIST_CSV, SUBJECTS))
    assert list(out[0]) == list(OUTPUT_COLUMNS)
    assert [(r["subject_id"], r["entry_id"], r["level"]) for r in out] == [
        ("1", "ofac-27225", "alert"),
        ("4", "ofac-31517", "alert"),  # the person's organisation is screened too
        ("5", "ofac-31517", "alert"),
    ]
    first = out[0]
    assert first["score"] == "1.000"
    assert first["matched_name"] == "HLAING, Min Aung"
    assert "'Senior General' treated as a title or rank" in first["explanation"]
    assert "birth year 1956 matches" in first["explanation"]


def test_only_id_and_name_are_required():
    out = rows(screen_csv_text(LIST_CSV, "name,id\nSoe Win,x\n"))
    assert [r["entry_id"] for r in out] == ["ofac-27226"]


def test_no_findings_still_writes_the_header():
    assert screen_csv_text(LIST_CSV, "id,name\n1,Min Ko Naing\n") == ",".join(OUTPUT_COLUMNS) + "\n"


def test_a_subjects_file_without_name_gets_a_clear_error():
    with pytest.raises(ListFormatError, match="needs the column\\(s\\) name"):
        read_subjects(io.StringIO("id,full_name\n1,Soe Win\n"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,robot,Soe Win,,,\n", "line 2: kind must be 'person', 'organisation' or empty"),
        ("1,person,,,,\n", "line 2: the name is empty"),
        (",person,Soe Win,,,\n", "line 2: the id is empty"),
        ("1,person,Soe Win,,,1960-02-30\n", "line 2: birth date '1960-02-30'"),
        ("1,person,Soe Win,,,,extra\n", "line 2: more fields than columns"),
    ],
)
def test_a_bad_subject_line_is_named(body, message):
    header = "id,kind,name,organisation,country,birth_date\n"
    with pytest.raises(ListFormatError, match=message):
        read_subjects(io.StringIO(header + body))


def test_screen_csv_counts_findings():
    out = io.StringIO()
    count = screen_csv(parse_parley_csv(LIST_CSV), io.StringIO(SUBJECTS), out)
    assert count == 3 and out.getvalue().count("\n") == 4


@pytest.fixture
def files(tmp_path):
    (tmp_path / "list.csv").write_text(LIST_CSV, encoding="utf-8")
    (tmp_path / "subjects.csv").write_text(SUBJECTS, encoding="utf-8")
    return tmp_path


def test_command_writes_findings_to_stdout(files):
    result = CliRunner().invoke(
        vetting,
        ["screen", "--list", str(files / "list.csv"), "--subjects", str(files / "subjects.csv")],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(",".join(OUTPUT_COLUMNS) + "\n1,ofac-27225,1.000,alert,")
    assert "3 finding(s) from 12 list entries." in result.stderr


def test_command_writes_findings_to_a_file_with_thresholds(files):
    result = CliRunner().invoke(
        vetting,
        [
            "screen",
            "--list",
            str(files / "list.csv"),
            "--subjects",
            str(files / "subjects.csv"),
            "--output",
            str(files / "out.csv"),
            "--review",
            "0.99",
            "--alert",
            "1.0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    out = rows((files / "out.csv").read_text(encoding="utf-8"))
    assert {r["level"] for r in out} == {"alert"}


def test_command_reports_bad_input_without_a_traceback(files):
    (files / "subjects.csv").write_text("id,full_name\n1,Soe Win\n", encoding="utf-8")
    result = CliRunner().invoke(
        vetting,
        ["screen", "--list", str(files / "list.csv"), "--subjects", str(files / "subjects.csv")],
    )
    assert result.exit_code == 1
    assert "Error: subjects.csv line 1: the subjects file needs the column(s) name" in result.output
    assert "Traceback" not in result.output


def test_command_refuses_a_bad_list_and_bad_thresholds(files):
    (files / "list.csv").write_text("id,kind,name\n1,spy,A\n", encoding="utf-8")
    args = ["screen", "--list", str(files / "list.csv"), "--subjects", str(files / "subjects.csv")]
    result = CliRunner().invoke(vetting, args)
    assert result.exit_code == 1
    assert "list.csv line 2: kind must be" in result.output
    result = CliRunner().invoke(vetting, [*args, "--review", "0.9", "--alert", "0.5"])
    assert result.exit_code == 2
    assert "review <= alert" in result.output


def test_command_needs_the_list_and_subjects_options():
    result = CliRunner().invoke(vetting, ["screen"])
    assert result.exit_code == 2
    assert "Missing option '--list'" in result.output


def test_command_reports_an_output_it_cannot_write(files):
    args = ["screen", "--list", str(files / "list.csv"), "--subjects", str(files / "subjects.csv")]
    result = CliRunner().invoke(vetting, [*args, "--output", str(files / "missing" / "out.csv")])
    assert result.exit_code == 1
    assert "No such file or directory" in result.output
    assert "Traceback" not in result.output
