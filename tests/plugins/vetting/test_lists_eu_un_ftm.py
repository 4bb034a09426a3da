# ruff: noqa: E501
"""The EU, UN and FollowTheMoney readers, on small files written from the published formats."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.db import db_session
from plugins.vetting.lists import (
    Alias,
    ListFormatError,
    parse_ftm,
    read_eu_xml,
    read_ftm,
    read_un_xml,
)
from plugins.vetting.lists.model import birth_years
from plugins.vetting.matching import Screener, Subject
from plugins.vetting.models import VettingList
from plugins.vetting.store import as_list_entry, current_entries

UN = b"""<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-05-03T00:00:00">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6908001</DATAID>
      <FIRST_NAME>MIN</FIRST_NAME><SECOND_NAME>AUNG</SECOND_NAME><THIRD_NAME>HLAING</THIRD_NAME>
      <UN_LIST_TYPE>Example</UN_LIST_TYPE>
      <REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
      <COMMENTS1>Written for the test from the published format.</COMMENTS1>
      <DESIGNATION><VALUE>Commander-in-Chief</VALUE></DESIGNATION>
      <NATIONALITY><VALUE>Myanmar</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Senior General Min Aung Hlaing</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>MAH</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1956-07-03</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1957</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>6908002</DATAID>
      <FIRST_NAME>MYANMA ECONOMIC HOLDINGS PUBLIC COMPANY LIMITED</FIRST_NAME>
      <REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>MEHL</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><CITY>Yangon</CITY><COUNTRY>Myanmar</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

EU = b"""<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-05-03T00:00:00">
  <sanctionEntity logicalId="13001" euReferenceNumber="EU.0000.01">
    <remark>Written for the test from the published format.</remark>
    <regulation programme="MMR" numberTitle="example"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Min Aung" lastName="Hlaing" wholeName="Min Aung Hlaing"
               function="Commander-in-Chief" strong="true"/>
    <nameAlias wholeName="Min Aung Hlaing" strong="true"/>
    <nameAlias wholeName="Mr Hlaing" strong="false"/>
    <citizenship countryIso2Code="MM" countryDescription="MYANMAR"/>
    <birthdate birthdate="1956-07-03" year="1956"/>
    <birthdate year="1957" monthOfYear="7"/>
  </sanctionEntity>
  <sanctionEntity logicalId="13002" euReferenceNumber="EU.0000.02">
    <regulation programme="MMR"/>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Myanma Economic Holdings Public Company Limited" strong="true"/>
    <nameAlias wholeName="MEHL" strong="true"/>
    <address city="Yangon" countryDescription="MYANMAR"/>
  </sanctionEntity>
</export>
"""

FTM = [
    {
        "id": "NK-1",
        "schema": "Person",
        "properties": {
            "name": ["Min Aung Hlaing"],
            "alias": ["Senior General Min Aung Hlaing"],
            "weakAlias": ["MAH"],
            "birthDate": ["1956-07-03"],
            "nationality": ["mm"],
            "position": ["Commander-in-Chief"],
            "notes": ["Written for the test."],
        },
        "datasets": ["us_ofac_sdn"],
    },
    {"id": "NK-2", "schema": "Company", "properties": {"name": ["MEHL", "Myanma Economic"]}},
    {"id": "NK-3", "schema": "Vessel", "properties": {"name": ["SEA DRAGON"]}},
    {"id": "NK-4", "schema": "Sanction", "properties": {"program": ["BURMA-EO14014"]}},
]


def ftm_text(objects):
    return "\n".join(json.dumps(o) for o in objects) + "\n"


def test_un_list():
    person, company = read_un_xml(UN)
    assert (person.id, person.kind, person.name) == ("un-XXi.001", "person", "MIN AUNG HLAING")
    assert person.aliases == (Alias("Senior General Min Aung Hlaing"), Alias("MAH", weak=True))
    assert person.birth_dates == ("1956-07-03", "1955", "1956", "1957")
    assert person.countries == ("Myanmar",)
    assert person.position == "Commander-in-Chief"
    assert person.programmes == ("Example",)
    assert (company.kind, company.aliases, company.countries) == (
        "organisation",
        (Alias("MEHL"),),
        ("Myanmar",),
    )


def test_un_list_from_a_file(tmp_path):
    path = tmp_path / "consolidated.xml"
    path.write_bytes(UN)
    assert len(read_un_xml(path)) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (b"<FIRST_NAME>MIN</FIRST_NAME>", b"<FIRST_NAME>MIN</FIRST_NAM>"),
            "line 6: not well-formed",
        ),
        (
            (b"<DATE>1956-07-03</DATE>", b"<DATE>1956-13-03</DATE>"),
            "INDIVIDUAL DATAID 6908001: birth date '1956-13-03'",
        ),
        (
            (b"<FIRST_NAME>MYANMA ECONOMIC HOLDINGS PUBLIC COMPANY LIMITED</FIRST_NAME>", b""),
            "ENTITY DATAID 6908002: the name is empty",
        ),
        ((b"CONSOLIDATED_LIST", b"OTHER_LIST"), "expected CONSOLIDATED_LIST"),
    ],
)
def test_un_list_errors_name_the_line_or_element(change, message):
    with pytest.raises(ListFormatError, match=message):
        read_un_xml(UN.replace(*change))


def test_un_list_without_entries_is_refused():
    with pytest.raises(ListFormatError, match="empty list is refused"):
        read_un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>")


def test_eu_list():
    person, company = read_eu_xml(EU)
    assert (person.id, person.name, person.position) == (
        "eu-13001",
        "Min Aung Hlaing",
        "Commander-in-Chief",
    )
    assert person.aliases == (Alias("Mr Hlaing", weak=True),)
    assert person.birth_dates == ("1956-07-03", "1957-07")
    assert person.countries == ("MYANMAR",)
    assert person.programmes == ("MMR",)
    assert person.source == "EU EU.0000.01"
    assert (company.kind, company.aliases, company.countries) == (
        "organisation",
        (Alias("MEHL"),),
        ("MYANMAR",),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (b'code="enterprise"', b'code="vessel"'),
            "sanctionEntity logicalId 13002: unknown subjectType",
        ),
        ((b'birthdate="1956-07-03"', b'birthdate="1956-02-30"'), "logicalId 13001: birth date"),
        ((b'logicalId="13002"', b'logicalId="13001"'), "eu-13001 appears twice"),
        ((b"</export>", b"</exp>"), "line 22: not well-formed"),
    ],
)
def test_eu_list_errors_name_the_line_or_element(change, message):
    with pytest.raises(ListFormatError, match=message):
        read_eu_xml(EU.replace(*change))


def test_ftm_entities(tmp_path):
    path = tmp_path / "entities.ftm.json"
    path.write_text(ftm_text(FTM), encoding="utf-8")
    person, company = read_ftm(path)  # the vessel and the sanction are skipped
    assert (person.id, person.name, person.birth_dates) == (
        "ftm-NK-1",
        "Min Aung Hlaing",
        ("1956-07-03",),
    )
    assert person.aliases == (Alias("Senior General Min Aung Hlaing"), Alias("MAH", weak=True))
    assert person.countries == ("mm",)
    assert person.source == "us_ofac_sdn"
    assert (company.kind, company.name, company.aliases) == (
        "organisation",
        "MEHL",
        (Alias("Myanma Economic"),),
    )


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([FTM[0], "{not json"], "line 2: not valid JSON"),
        ([FTM[0], {"schema": "Person", "properties": {}}], "line 2: an entity needs an id"),
        ([{"id": "x", "schema": "Person", "properties": {}}], "line 1: entity x has no name"),
        ([{"id": "x", "schema": "Person", "properties": {"name": "A"}}], "line 1: property 'name'"),
        ([FTM[0], FTM[0]], "line 2: entity ftm-NK-1 already on line 1"),
        (
            [{"id": "x", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["soon"]}}],
            "birth date 'soon'",
        ),
        ([FTM[2]], "empty list is refused"),
    ],
)
def test_ftm_errors_name_the_line(lines, message):
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    with pytest.raises(ListFormatError, match=message):
        parse_ftm(text)


# the published shapes, in files of their own: tests/plugins/vetting/fixtures/
FIXTURES = Path(__file__).with_name("fixtures")
UN_FILE = FIXTURES / "un_consolidated.xml"
EU_FILE = FIXTURES / "eu_fsf_export.xml"


def test_un_alias_fields_holding_several_names_become_several_aliases():
    general, director, company = read_un_xml(UN_FILE)
    assert general.name == "AUNG ZAW TESTWIN"
    assert general.aliases == (
        Alias("Aung Zaw Win"),
        Alias("Ko Aung Zaw"),
        Alias("Bo Zaw", weak=True),
        Alias("The Colonel", weak=True),
        Alias("အောင်ဇော်ဝင်း"),  # NAME_ORIGINAL_SCRIPT
    )
    assert director.aliases == ()  # the empty INDIVIDUAL_ALIAS of the published file
    # the name in its own script is already an alias: it stands once
    assert company.aliases == (
        Alias("GFTC"),
        Alias("Golden Fiction Trading Co. Ltd."),
        Alias("Golden Fiction Import Export"),
    )


def test_un_birth_dates_keep_every_year_of_a_range():
    general, director, _ = read_un_xml(UN_FILE)
    assert general.birth_dates == ("1962", "1963", "1964", "1965", "1966")
    assert director.birth_dates == ("1971-03-09", "1972")
    assert general.countries == ("Myanmar",)
    assert general.source == "UN XXi.901"


def test_eu_birth_year_ranges_are_kept_and_a_lone_bound_says_nothing():
    general, director, company = read_eu_xml(EU_FILE)
    assert general.birth_dates == ("1962", "1963", "1964", "1965", "1966")
    assert director.birth_dates == ("1971",)  # yearRangeTo="1980" alone: "1980 or earlier"
    assert (general.name, general.aliases) == ("Aung Zaw Testwin", (Alias("Bo Zaw", weak=True),))
    assert (company.kind, company.aliases, company.countries) == (
        "organisation",
        (Alias("GFTC"),),
        ("MYANMAR",),
    )


@pytest.mark.parametrize("read", [read_un_xml, read_eu_xml])
def test_a_subject_born_inside_a_listed_range_matches_its_year(read):
    general = read(UN_FILE if read is read_un_xml else EU_FILE)[0]
    inside, edge = (
        Screener([general]).screen_one(Subject("s", "Aung Zaw Testwin", "person", "", year))[0]
        for year in ("1964", "1962")
    )
    assert "birth year 1964 matches" in inside.explanation
    assert inside.score == edge.score


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        ("1962", "1964", ("1962", "1963", "1964")),
        ("1964", "1962", ("1962", "1963", "1964")),
        ("1970", "1970", ("1970",)),
        ("", "1980", ()),
        ("1980", "", ()),
        ("", "", ()),
        ("1900", "1990", ()),  # wider than WIDEST_BIRTH_YEAR_RANGE: says too little
        ("19xx", "1970", None),
        ("1970-01", "1971", None),
    ],
)
def test_birth_years_of_a_range(first, last, years):
    assert birth_years(first, last) == years


@pytest.mark.parametrize(
    ("read", "change", "message"),
    [
        (
            read_un_xml,
            (b"<TO_YEAR>1966", b"<TO_YEAR>66"),
            "DATAID 9900001: birth years '1962' to '66'",
        ),
        (
            read_eu_xml,
            (b'yearRangeTo="1966"', b'yearRangeTo="late"'),
            "logicalId 990001: birth years",
        ),
    ],
)
def test_a_range_bound_that_is_no_year_names_the_element(read, change, message):
    data = (UN_FILE if read is read_un_xml else EU_FILE).read_bytes()
    with pytest.raises(ListFormatError, match=message):
        read(data.replace(*change))


@pytest.mark.parametrize(
    ("fmt", "path", "aliases"),
    [
        ("un-xml", UN_FILE, ("Aung Zaw Win", "Ko Aung Zaw", "Bo Zaw", "The Colonel", "အောင်ဇော်ဝင်း")),
        ("eu-xml", EU_FILE, ("Bo Zaw",)),
    ],
)
def test_parley_vetting_import_keeps_split_aliases_and_year_ranges(app, runner, fmt, path, aliases):
    result = runner.invoke(args=["vetting", "import", fmt, str(path), "--list", "Fixture"])
    assert result.exit_code == 0, result.output
    assert "version 1, 3 entries" in result.output
    with app.app_context():
        kept = db_session().scalar(sa.select(VettingList).where(VettingList.name == "Fixture"))
        stored = {e.name.casefold(): as_list_entry(e) for e in current_entries(kept)}
    general = stored["aung zaw testwin"]
    assert tuple(a.name for a in general.aliases) == aliases
    assert general.birth_dates == ("1962", "1963", "1964", "1965", "1966")
