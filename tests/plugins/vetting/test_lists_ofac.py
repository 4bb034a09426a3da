import pytest

from plugins.vetting.lists import ListFormatError, read_ofac
from plugins.vetting.lists.ofac import parse_aliases, parse_dates, parse_nationalities

from .shared_data import OFAC, needs_shared_data

SDN = (
    '27225,"HLAING, Min Aung","individual","GLOMAG] [BURMA-EO14014",-0- ,-0- ,-0- ,-0- ,-0- ,'
    '-0- ,-0- ,"DOB 03 Jul 1956; POB Dawei, Burma; Gender Male."\n'
    '31517,"MYANMA ECONOMIC HOLDINGS PUBLIC COMPANY LIMITED",-0- ,"BURMA-EO14014",-0- ,-0- ,'
    "-0- ,-0- ,-0- ,-0- ,-0- ,\"Registration Number 156387282 (Burma); a.k.a. 'MEHL'.\"\n"
    '9999,"SEA DRAGON","vessel","BURMA-EO14014",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    '31128,"WIN, Sein","individual","BURMA-EO14014",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB Jul 1956; alt. DOB 1957; nationality Burma; Gender Male."\n'
)
ALT = '31517,1,"aka","UNION OF MYANMAR ECONOMIC HOLDINGS LIMITED",-0- \n77777,2,"aka","X",-0- \n'
ADD = '31517,5,"189/191 Mahabandoola Road",-0- ,"Burma",-0- \n'


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("sdn.csv", SDN), ("alt.csv", ALT), ("add.csv", ADD)):
        paths[name] = tmp_path / name
        paths[name].write_bytes(text.encode("latin-1"))
    return paths


def test_reads_people_and_entities_with_aliases_dates_and_countries(files):
    entries = {e.id: e for e in read_ofac(files["sdn.csv"], files["alt.csv"], files["add.csv"])}
    assert set(entries) == {"ofac-27225", "ofac-31517", "ofac-31128"}  # the vessel is skipped
    mah = entries["ofac-27225"]
    assert (mah.kind, mah.name, mah.birth_dates) == ("person", "HLAING, Min Aung", ("1956-07-03",))
    assert mah.programmes == ("GLOMAG", "BURMA-EO14014")
    mehl = entries["ofac-31517"]
    assert mehl.kind == "organisation"
    assert [a.name for a in mehl.aliases] == ["MEHL", "UNION OF MYANMAR ECONOMIC HOLDINGS LIMITED"]
    assert mehl.countries == ("Burma",)
    assert entries["ofac-31128"].birth_dates == ("1956-07", "1957")
    assert entries["ofac-31128"].countries == ("Burma",)


def test_an_sdn_file_alone_is_enough(files):
    assert len(read_ofac(files["sdn.csv"])) == 3


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("sdn.csv", SDN + '1,"A",-0- ,"X"\n', 5, "expected 12 fields, found 4"),
        ("sdn.csv", 'x1,"A"' + ",-0- " * 10 + "\n", 1, "entity number 'x1' is not a number"),
        ("sdn.csv", SDN + '2,"A","ship"' + ",-0- " * 9 + "\n", 5, "unknown SDN type 'ship'"),
        ("sdn.csv", '3,-0- ,"individual"' + ",-0- " * 9 + "\n", 1, "the name is empty"),
        ("alt.csv", ALT + '31517,3,"aka",-0- ,-0- \n', 3, "the alias is empty"),
        ("add.csv", "31517,5\n", 1, "expected 6 fields, found 2"),
    ],
)
def test_a_malformed_row_names_its_file_and_line(files, name, text, line, message):
    files[name].write_bytes(text.encode("latin-1"))
    with pytest.raises(ListFormatError) as raised:
        read_ofac(files["sdn.csv"], files["alt.csv"], files["add.csv"])
    assert str(raised.value).startswith(f"{name} line {line}: ")
    assert message in str(raised.value)


def test_an_sdn_file_with_only_vessels_is_an_empty_list(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_text('9,"SEA DRAGON","vessel","X"' + ",-0- " * 8 + "\n", encoding="latin-1")
    with pytest.raises(ListFormatError, match="empty list is refused"):
        read_ofac(path)


def test_remarks_parsers():
    remarks = "DOB 1960 to 1962; alt. DOB circa 1958; a.k.a. 'ABU-'ALI'; a.k.a. 'X'; citizen Iran."
    assert parse_dates(remarks) == ("1960", "1962", "1958")
    assert parse_aliases(remarks) == ("ABU-'ALI", "X")
    assert parse_nationalities(remarks) == ("Iran",)


@needs_shared_data
def test_the_2024_snapshot_loads_with_its_140_burma_entries():
    entries = read_ofac(OFAC / "ofac_sdn_2024-05-03.csv")
    burma = [e for e in entries if "BURMA-EO14014" in e.programmes]
    assert len(burma) == 140
    assert len(entries) == 13738  # 14,965 rows less vessels and aircraft
    by_id = {e.id: e for e in burma}
    assert by_id["ofac-27225"].birth_dates == ("1956-07-03",)
    assert [a.name for a in by_id["ofac-31517"].aliases] == ["MEHL"]


@needs_shared_data
def test_the_2024_snapshot_with_the_2026_aliases_and_addresses():
    entries = read_ofac(
        OFAC / "ofac_sdn_2024-05-03.csv",
        OFAC / "ofac_2026-06-02_alt.csv",
        OFAC / "ofac_2026-06-02_add.csv",
    )
    assert sum(1 + len(e.aliases) for e in entries) > 30000


@needs_shared_data
def test_the_complete_2022_set_loads_with_its_78_burma_entries():
    entries = read_ofac(
        OFAC / "ofac_2022-01-31_sdn.csv",
        OFAC / "ofac_2022-01-31_alt.csv",
        OFAC / "ofac_2022-01-31_add.csv",
    )
    assert sum("BURMA-EO14014" in e.programmes for e in entries) == 78
    # entity number 2677 is used twice in that file: both rows are kept
    assert {"ofac-2677", "ofac-2677-line9044"} <= {e.id for e in entries}
