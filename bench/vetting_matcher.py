"""Benchmark of the vetting matcher against the whole 2024 OFAC SDN snapshot.

    .venv/bin/python bench/vetting_matcher.py [--baseline] [--logic-v2]

Screens 4,000 subjects (the labelled evaluation set in plugins/vetting/data/evaluation/ plus a
sample of OpenSanctions' synthetic negatives) and reports recall, the share of negatives flagged
per group and the wall time including loading the list; then the labelled name pairs of
nomenklatura. ``--baseline`` adds rapidfuzz ``token_set_ratio`` over every name and alias.
``--logic-v2`` adds OpenSanctions' nomenklatura ``logic-v2`` scoring, which Parley does not
depend on: install it in a separate environment for the benchmark only,

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -e . nomenklatura
    /tmp/bench-venv/bin/python bench/vetting_matcher.py --baseline --logic-v2

logic-v2 compares two entities and has no index of its own (yente puts a search engine in front
of it): its candidates are the ten entries with the best ``token_set_ratio`` of 60 or more, and a
candidate scoring 0.7 or more (yente's default threshold) is flagged.
Data are read in place from ../shared/data.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from plugins.vetting.lists import read_ofac  # noqa: E402
from plugins.vetting.matching import Screener, Subject, Thresholds, parse  # noqa: E402
from plugins.vetting.matching.score import compare  # noqa: E402

DATA = Path(os.environ.get("PARLEY_SHARED_DATA") or ROOT.parent / "shared" / "data")
SDN = DATA / "ofac" / "ofac_sdn_2024-05-03.csv"
YENTE = DATA / "benchmarks" / "yente_negatives_global_synthetic_persons.csv"
NOMENKLATURA = DATA / "benchmarks" / "nomenklatura_name_bench_cases.csv"
EVALUATION = ROOT / "plugins" / "vetting" / "data" / "evaluation" / "burma_evaluation.csv"
TOTAL = 4000


def load_subjects() -> list[tuple[Subject, str, str, str]]:
    rows = []
    with EVALUATION.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            subject = Subject(r["id"], r["name"], r["kind"] or None, r["country"], r["birth_date"])
            rows.append((subject, r["expected_entry_id"], r["group"], r["variant"]))
    with YENTE.open(encoding="utf-8", newline="") as f:
        synthetic = list(csv.DictReader(f))
    rng = random.Random(5)
    for n, r in enumerate(rng.sample(synthetic, TOTAL - len(rows)), 1):
        subject = Subject(f"y{n}", r["full_name"], "person", r["nationality"], r["date_of_birth"])
        rows.append((subject, "", "yente_synthetic", "synthetic"))
    return rows


def report(found: dict[str, set[str]], rows, label: str) -> dict:
    hits, total = Counter(), Counter()
    flagged, negatives = Counter(), Counter()
    for subject, expected, group, variant in rows:
        if expected:
            total[variant] += 1
            hits[variant] += expected in found.get(subject.id, set())
        else:
            negatives[group] += 1
            flagged[group] += bool(found.get(subject.id))
    recall = sum(hits.values()) / sum(total.values())
    print(f"\n{label}: recall {recall:.3f} ({sum(hits.values())}/{sum(total.values())})")
    for variant in sorted(total):
        print(
            f"  {variant:15} {hits[variant]:4}/{total[variant]:<4}"
            f" {hits[variant] / total[variant]:.3f}"
        )
    for group in sorted(negatives):
        share = flagged[group] / negatives[group]
        print(
            f"  negatives {group:18} flagged {flagged[group]:4}/{negatives[group]:<5} {share:.2%}"
        )
    return {"recall": recall, "flagged": {g: flagged[g] / negatives[g] for g in negatives}}


def run_matcher(rows, thresholds: Thresholds):
    start = time.perf_counter()
    entries = read_ofac(SDN)
    loaded = time.perf_counter()
    screener = Screener(entries, thresholds)
    indexed = time.perf_counter()
    found: dict[str, set[str]] = defaultdict(set)
    alerts: dict[str, set[str]] = defaultdict(set)
    for subject, *_ in rows:
        for finding in screener.screen_one(subject):
            found[subject.id].add(finding.entry.id)
            if finding.level == "alert":
                alerts[subject.id].add(finding.entry.id)
    end = time.perf_counter()
    print(
        f"{len(entries)} entries, {len(screener.index.names)} names; load {loaded - start:.2f} s,"
        f" index {indexed - loaded:.2f} s, screen {len(rows)} subjects {end - indexed:.2f} s,"
        f" wall {end - start:.2f} s"
    )
    return screener, found, alerts, end - start


def run_baseline(rows, cutoff: float):
    start = time.perf_counter()
    entries = read_ofac(SDN)
    names, owners = [], []
    for entry in entries:
        for raw, _ in entry.names:
            names.append(utils.default_process(raw))
            owners.append(entry.id)
    queries = [utils.default_process(s.name) for s, *_ in rows]
    matrix = process.cdist(
        queries, names, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, workers=-1, dtype="uint8"
    )
    found: dict[str, set[str]] = defaultdict(set)
    for (subject, *_), row in zip(rows, matrix, strict=True):
        for j in row.nonzero()[0]:
            found[subject.id].add(owners[j])
    return found, time.perf_counter() - start


LOGIC_V2_THRESHOLD = 0.7
LOGIC_V2_CANDIDATES = 10


def _ftm_entity(kind: str | None, identifier: str, names, birth_dates=(), countries=()):
    from followthemoney import model  # noqa: PLC0415 (optional: only --logic-v2 needs it)

    schema = {"person": "Person", "organisation": "Organization"}.get(kind or "", "LegalEntity")
    entity = model.make_entity(schema)
    entity.id = identifier
    first, *others = names
    entity.add("name", first)
    for name in others:
        entity.add("alias", name)
    if schema == "Person":
        entity.add("birthDate", [d for d in birth_dates if d], quiet=True)
    entity.add("country", [c for c in countries if c], quiet=True)
    return entity


def run_logic_v2(rows):
    from nomenklatura.matching import LogicV2  # noqa: PLC0415 (optional: only --logic-v2)

    start = time.perf_counter()
    config = LogicV2.default_config()
    entries = read_ofac(SDN)
    targets = {
        e.id: _ftm_entity(e.kind, e.id, [n for n, _ in e.names], e.birth_dates, e.countries)
        for e in entries
    }
    names, owners = [], []
    for entry in entries:
        for raw, _ in entry.names:
            names.append(utils.default_process(raw))
            owners.append(entry.id)
    queries = [utils.default_process(s.name) for s, *_ in rows]
    matrix = process.cdist(
        queries, names, scorer=fuzz.token_set_ratio, score_cutoff=60, workers=-1, dtype="uint8"
    )
    found: dict[str, set[str]] = defaultdict(set)
    for (subject, *_), row in zip(rows, matrix, strict=True):
        best: dict[str, int] = {}
        for j in row.nonzero()[0]:
            best[owners[j]] = max(best.get(owners[j], 0), int(row[j]))
        candidates = sorted(best, key=best.get, reverse=True)[:LOGIC_V2_CANDIDATES]
        query = _ftm_entity(
            subject.kind, subject.id, [subject.name], [subject.birth_date], [subject.country]
        )
        for entry_id in candidates:
            if LogicV2.compare(query, targets[entry_id], config).score >= LOGIC_V2_THRESHOLD:
                found[subject.id].add(entry_id)
    return found, time.perf_counter() - start


def logic_v2_pairs() -> tuple[int, int, int, int]:
    """logic-v2 on nomenklatura's labelled name pairs: (tp, fp, fn, tn)."""
    from nomenklatura.matching import LogicV2  # noqa: PLC0415 (optional: only --logic-v2)

    config = LogicV2.default_config()
    counts = Counter()
    with NOMENKLATURA.open(encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f)):
            kind = {"Person": "person", "Organization": "organisation"}.get(r["schema"])
            a = _ftm_entity(kind, f"a{n}", [r["name1"]])
            b = _ftm_entity(kind, f"b{n}", [r["name2"]])
            predicted = LogicV2.compare(a, b, config).score >= LOGIC_V2_THRESHOLD
            counts[r["is_match"].lower() == "true", predicted] += 1
    return counts[True, True], counts[False, True], counts[True, False], counts[False, False]


def nomenklatura(screener: Screener, thresholds: Thresholds, logic_v2: bool = False) -> None:
    counts = Counter()
    with NOMENKLATURA.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            kind = "person" if r["schema"] == "Person" else None
            kind = "organisation" if r["schema"] in ("Organization", "Company") else kind
            a, b = parse(r["name1"], kind), parse(r["name2"], kind)
            ours = compare(a, b, screener.index.weight, kind).score >= thresholds.review
            base = fuzz.token_set_ratio(r["name1"], r["name2"], processor=str.lower) >= 90
            truth = r["is_match"].lower() == "true"
            for label, predicted in (("matcher", ours), ("token_set_ratio", base)):
                counts[label, truth, predicted] += 1
    print("\nnomenklatura name pairs (826):")
    results = {
        label: (
            counts[label, True, True],
            counts[label, False, True],
            counts[label, True, False],
            counts[label, False, False],
        )
        for label in ("matcher", "token_set_ratio")
    }
    if logic_v2:
        results["logic-v2"] = logic_v2_pairs()
    for label, (tp, fp, fn, tn) in results.items():
        print(
            f"  {label:15} accuracy {(tp + tn) / (tp + tn + fp + fn):.3f}"
            f" precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f}"
            f" (tp {tp} fp {fp} fn {fn} tn {tn})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--logic-v2", action="store_true")
    parser.add_argument("--review", type=float, default=Thresholds().review)
    parser.add_argument("--alert", type=float, default=Thresholds().alert)
    args = parser.parse_args()
    thresholds = Thresholds(args.review, args.alert)
    rows = load_subjects()
    screener, found, alerts, _wall = run_matcher(rows, thresholds)
    report(found, rows, f"matcher at review >= {thresholds.review}")
    report(alerts, rows, f"matcher at alert >= {thresholds.alert}")
    if args.baseline:
        base, seconds = run_baseline(rows, 90)
        report(base, rows, f"rapidfuzz token_set_ratio >= 90 ({seconds:.1f} s wall)")
    if args.logic_v2:
        found_v2, seconds = run_logic_v2(rows)
        report(
            found_v2, rows, f"nomenklatura logic-v2 >= {LOGIC_V2_THRESHOLD} ({seconds:.1f} s wall)"
        )
    nomenklatura(screener, thresholds, args.logic_v2)


if __name__ == "__main__":
    main()
