import pytest

from plugins.vetting.lists import (
    TEMPLATE,
    Alias,
    ListEntry,
    ListFormatError,
    parse_parley_csv,
    read_parley_csv,
)

HEADER = "id,kind,name,aliases,country,birth_date,position,reason,source\n"


def test_template_reads_with_inverted_names_aliases_and_weak_aliases():
    entries = parse_parley_csv(TEMPLATE)
    sac, mah = entries
    assert sac.kind == "organisation"
    assert sac.aliases == (Alias("SAC"), Alias("the junta", weak=True))
    assert mah.name == "HLAING, Min Aung"  # kept as the source writes it
    assert mah.birth_dates == ("1956-07-03",)
    assert mah.countries == ("Burma",)
    assert mah.position == "Commander-in-Chief"


def test_reads_a_file_with_bom_several_values_and_blank_lines(tmp_path):
    path = tmp_path / "list.csv"
    text = HEADER + 'p1,person,"WIN, Soe",Soe Win|~Sein Win,Burma|Myanmar,1960|1960-03-01,,,\n\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    (entry,) = read_parley_csv(path)
    assert entry.birth_dates == ("1960", "1960-03-01")
    assert entry.countries == ("Burma", "Myanmar")
    assert entry.aliases[1] == Alias("Sein Win", weak=True)
    assert entry.names == (("WIN, Soe", False), ("Soe Win", False), ("Sein Win", True))


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing():
    (entry,) = parse_parley_csv("name,kind,id\nMyanmar Economic Corporation,organisation,o1\n")
    assert entry.id == "o1" and entry.aliases == ()


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("p1,person,A,,,,,,\np2,spy,B,,,,,,\n", 3, "kind must be 'person' or 'organisation'"),
        ("p1,person,A,,,,,,\np1,person,B,,,,,,\n", 3, "id 'p1' already used on line 2"),
        (",person,A,,,,,,\n", 2, "the id is empty"),
        ("p1,person,,,,,,,\n", 2, "the name is empty"),
        ("p1,person,A,,,03/07/1956,,,\n", 2, "birth date '03/07/1956'"),
        ("p1,person,A,,,,,\n", 2, "expected 9 fields, found 8"),
        ("o1,organisation,A,,,1990,,,\n", 2, "an organisation has no birth date"),
        ("p1,person,A,B||~,,,,,\n", 2, "an alias is empty"),
        ('p1,person,"A\n', 2, "not valid CSV"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_read(body, line, message):
    with pytest.raises(ListFormatError) as raised:
        parse_parley_csv(HEADER + body, source="junta.csv")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"junta.csv line {line}: ")
    assert message in str(raised.value)


def test_multi_line_quoted_fields_keep_the_line_numbers_right():
    body = 'p1,person,A,,,,,"reason on\ntwo lines",\np2,person,B,,,1999-13,,,\n'
    with pytest.raises(ListFormatError, match="line 4: birth date '1999-13'"):
        parse_parley_csv(HEADER + body)


def test_an_empty_list_is_refused():
    with pytest.raises(ListFormatError, match="no entries; an empty list is refused"):
        parse_parley_csv(HEADER)
    with pytest.raises(ListFormatError, match="the file is empty"):
        parse_parley_csv("")


def test_missing_and_unknown_columns_are_named_on_line_1():
    with pytest.raises(ListFormatError, match=r"line 1: missing column.*kind"):
        parse_parley_csv("id,name\np1,A\n")
    with pytest.raises(ListFormatError, match=r"line 1: unknown column.*nickname"):
        parse_parley_csv("id,kind,name,nickname\np1,person,A,B\n")


def test_text_that_is_not_utf8_names_the_line():
    data = (HEADER + "p1,person,A,,,,,,\np2,person,Caf\xe9,,,,,,\n").encode("latin-1")
    with pytest.raises(ListFormatError, match="line 3: not UTF-8"):
        parse_parley_csv(data)


def test_entries_are_immutable_and_validate_themselves():
    entry = ListEntry(id="x", kind="person", name="Soe Win")
    with pytest.raises(AttributeError):
        entry.name = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="kind"):
        ListEntry(id="x", kind="vessel", name="A")
    with pytest.raises(ValueError, match="birth date"):
        ListEntry(id="x", kind="person", name="A", birth_dates=("July 1956",))
