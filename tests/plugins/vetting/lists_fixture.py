"""A small list in Parley's CSV format, with public facts from the OFAC BURMA-EO14014 entries."""

LIST_CSV = """id,kind,name,aliases,country,birth_date,position,reason,source
ofac-27225,person,"HLAING, Min Aung",,Burma,1956-07-03,Commander-in-Chief,BURMA-EO14014,OFAC
ofac-27226,person,"WIN, Soe",,Burma,1960-03-01,Deputy Commander-in-Chief,BURMA-EO14014,OFAC
ofac-45820,person,"AYE, Maung Maung","AYE, Mg Mg",Burma,1962,,BURMA-EO14014,OFAC
ofac-40516,person,"MIN, Aung",,Burma,1962-10-27,,BURMA-EO14014,OFAC
ofac-31474,person,"HLAING, Than",,,1965,Chief of Burma Police Force,BURMA-EO14014,OFAC
ofac-32366,person,"NILAR, Daw",,Burma,1968-05-03,,BURMA-EO14014,OFAC
ofac-31172,person,"KYAW, Maung Maung",,Burma,1964-07-23,,BURMA-EO14014,OFAC
ofac-31517,organisation,MYANMA ECONOMIC HOLDINGS PUBLIC COMPANY LIMITED,MEHL,Burma,,,BURMA,OFAC
ofac-31516,organisation,MYANMAR ECONOMIC CORPORATION LIMITED,MEC,Burma,,,BURMA-EO14014,OFAC
ofac-33537,organisation,DIRECTORATE OF DEFENSE INDUSTRIES,KA PA SA,Burma,,,BURMA-EO14014,OFAC
ofac-31136,organisation,"MYANMAR IMPERIAL JADE CO., LTD.",,Burma,,,BURMA-EO14014,OFAC
sac,organisation,State Administration Council,SAC|~the junta,Myanmar,,,Junta since 2021,Parley
"""
