"""The labelled evaluation set: regenerated identically, and screened with the quality targets."""

import csv
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from plugins.vetting.lists import read_ofac
from plugins.vetting.matching import Screener, Subject

from .shared_data import OFAC, needs_shared_data

pytestmark = [pytest.mark.filterwarnings("error"), needs_shared_data]

ROOT = Path(__file__).resolve().parents[3]
EVALUATION = ROOT / "plugins" / "vetting" / "data" / "evaluation" / "burma_evaluation.csv"


def rows():
    with EVALUATION.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_committed_set_is_what_the_generator_writes(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "vetting_evaluation_set", ROOT / "bench" / "vetting_evaluation_set.py"
    )
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.main(tmp_path / "set.csv")
    assert (tmp_path / "set.csv").read_bytes() == EVALUATION.read_bytes()


# The variants the set had before the evasion classes were added.
PLAIN_VARIANTS = {
    "as_listed", "natural_order", "honorific", "rank", "family_first", "typo", "romanisation",
    "cyrillic", "alias", "title_case", "legal_form", "no_legal_form", "spelling", "acronym",
}  # fmt: skip
# Evasion classes at 0.95 or more today; the others are reported by bench/vetting_matcher.py.
EVASIONS_AT_TARGET = {
    "hidden_characters", "look_alike_letters", "odd_spaces", "full_width", "combining_marks",
    "dropped_part", "burmese_script", "thai_script", "country_name", "insertion", "deletion",
    "substitution", "fused_parts", "split_parts",
}  # fmt: skip


def test_recall_and_false_alarms_against_the_whole_2024_sdn_list():
    screener = Screener(read_ofac(OFAC / "ofac_sdn_2024-05-03.csv"))
    found, total = Counter(), Counter()
    flagged, alerts, negatives = Counter(), Counter(), Counter()
    flagged_names = {}
    for row in rows():
        subject = Subject(
            row["id"], row["name"], row["kind"] or None, row["country"], row["birth_date"]
        )
        findings = screener.screen_one(subject)
        entries = {f.entry.id for f in findings}
        if row["expected_entry_id"]:
            total[row["variant"]] += 1
            found[row["variant"]] += row["expected_entry_id"] in entries
        else:
            negatives[row["group"]] += 1
            flagged[row["group"]] += bool(entries)
            alerts[row["group"]] += any(f.level == "alert" for f in findings)
            if entries:
                flagged_names.setdefault(row["group"], set()).add(row["name"])
    plain = sum(total[v] for v in PLAIN_VARIANTS)
    assert plain > 800 and sum(found[v] for v in PLAIN_VARIANTS) / plain >= 0.97
    assert sum(found.values()) / sum(total.values()) >= 0.98
    for variant in EVASIONS_AT_TARGET:
        assert found[variant] / total[variant] >= 0.95, variant
    assert set(negatives) == {
        "cso", "pro_democracy", "generated_burmese", "common_given_name", "burmese_script",
        "thai_script",
    }  # fmt: skip
    for group, count in negatives.items():
        assert alerts[group] / count <= 0.005, group
        if group == "pro_democracy":
            # "Tun Myint" is the listed "Tun Aung Myint" with its middle part dropped: found
            # at review level by design, and the only one of the 71 names.
            assert flagged_names.get(group, set()) <= {"Tun Myint"}
        else:
            assert flagged[group] / count <= 0.01, group
