# ruff: noqa: E501
"""The EU, UN and FollowTheMoney readers, on small files written from the published formats."""

import json

import pytest

from plugins.vetting.lists import (
    Alias,
    ListFormatError,
    parse_ftm,
    read_eu_xml,
    read_ftm,
    read_un_xml,
)

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
    assert person.birth_dates == ("1956-07-03", "1955", "1957")
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
