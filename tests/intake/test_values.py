import datetime as dt

import pytest

from compagnon.intake.values import (
    ValueProblem,
    clean_commune_code,
    clean_contract_kind,
    clean_email,
    clean_employer_kind,
    clean_idcc,
    clean_initiative,
    clean_int,
    clean_level,
    clean_naf,
    clean_name,
    clean_nsf,
    clean_postal_code,
    clean_prior_situation,
    clean_rncp,
    clean_rupture_cause,
    clean_sex,
    clean_siret,
    clean_text,
    clean_uai,
    parse_date,
)

P = pytest.param


def problem(function, *args, **kwargs) -> str:
    with pytest.raises(ValueProblem) as caught:
        function(*args, **kwargs)
    assert str(caught.value) == caught.value.message
    return caught.value.message


# --- dates ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("01/09/2026", dt.date(2026, 9, 1), id="jj/mm/aaaa"),
        P("1/9/2026", dt.date(2026, 9, 1), id="j/m/aaaa"),
        P("01/9/2026", dt.date(2026, 9, 1), id="jj/m/aaaa"),
        P("1/09/2026", dt.date(2026, 9, 1), id="j/mm/aaaa"),
        P("01-09-2026", dt.date(2026, 9, 1), id="jj-mm-aaaa"),
        P("01.09.2026", dt.date(2026, 9, 1), id="jj.mm.aaaa"),
        P("1.9.2026", dt.date(2026, 9, 1), id="j.m.aaaa"),
        P("2026-09-01", dt.date(2026, 9, 1), id="iso"),
        P("2026-9-1", dt.date(2026, 9, 1), id="iso-unpadded"),
        P("2026-09-01 00:00:00", dt.date(2026, 9, 1), id="iso-with-spreadsheet-time"),
        P("2026-09-01T00:00:00", dt.date(2026, 9, 1), id="iso-with-t-time"),
        P("2026-09-01 00:00:00.000000", dt.date(2026, 9, 1), id="iso-with-microseconds"),
        P("2026-09-01 14:30", dt.date(2026, 9, 1), id="iso-with-a-time-of-day"),
        P("01/09/2026 00:00", dt.date(2026, 9, 1), id="french-with-time"),
        P("29/02/2024", dt.date(2024, 2, 29), id="29-february-of-a-leap-year"),
        P("29/02/2000", dt.date(2000, 2, 29), id="29-february-2000-leap-by-the-400-rule"),
        P("01/01/1900", dt.date(1900, 1, 1), id="first-accepted-year"),
        P("31/12/2100", dt.date(2100, 12, 31), id="last-accepted-year"),
    ],
)
def test_dates_are_read_in_french_and_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected_start",
    [
        P("31/02/2026", "date impossible : « 31/02/2026 »", id="31-february"),
        P("29/02/2026", "date impossible : « 29/02/2026 »", id="29-february-of-a-common-year"),
        P("29/02/1900", "date impossible : « 29/02/1900 »", id="1900-was-not-a-leap-year"),
        P("31/04/2026", "date impossible : « 31/04/2026 »", id="31-april"),
        P("01/13/2026", "date impossible : « 01/13/2026 »", id="month-13-american-order"),
        P("00/09/2026", "date impossible : « 00/09/2026 »", id="day-0"),
        P("2026-02-30", "date impossible : « 2026-02-30 »", id="iso-30-february"),
        P("31/12/1899", "date hors limites : « 31/12/1899 »", id="year-1899"),
        P("01/01/2101", "date hors limites : « 01/01/2101 »", id="year-2101"),
        P("0001-01-01", "date hors limites : « 0001-01-01 »", id="year-1"),
        P("01/09/26", "date illisible : « 01/09/26 »", id="two-digit-year"),
        P("1er septembre 2026", "date illisible : « 1er septembre 2026 »", id="words"),
        P("01/09-2026", "date illisible : « 01/09-2026 »", id="mixed-separators"),
        P("20260901", "date illisible : « 20260901 »", id="no-separators"),
        P("46266", "date illisible : « 46266 »", id="spreadsheet-serial-number"),
        P("2026-09-01 midi", "date illisible : « 2026-09-01 midi »", id="iso-followed-by-words"),
        P("a1/09/2026", "date illisible : « a1/09/2026 »", id="letter-in-day"),
        P("+1/09/2026", "date illisible : « +1/09/2026 »", id="sign-int-would-accept"),
        P("01/09/２０２６", "date illisible : « 01/09/２０２６ »", id="full-width-digits-int-would-accept"),
    ],
)
def test_a_date_that_cannot_be_read_or_does_not_exist_is_refused_with_the_expected_forms(text, expected_start):
    message = problem(parse_date, text)
    assert message.startswith(expected_start)
    if "hors limites" in message:
        assert message.endswith("(année attendue entre 1900 et 2100)")
    else:
        assert message.endswith("(attendu JJ/MM/AAAA ou AAAA-MM-JJ)")


def test_a_long_unreadable_date_is_quoted_shortened():
    message = problem(parse_date, "x" * 10_000)
    assert len(message) < 150
    assert "…" in message


# --- SIRET ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        P("73282932000074", id="fourteen-digits"),
        P("732 829 320 00074", id="grouped-by-spaces"),
        P("732\u00a0829\u00a0320\u00a000074", id="grouped-by-non-breaking-spaces"),
        P("732.829.320.00074", id="grouped-by-dots"),
        P("73282932000074.0", id="spreadsheet-decimal-suffix"),
    ],
)
def test_a_siret_is_kept_as_its_fourteen_digits(text):
    assert clean_siret(text) == "73282932000074"


@pytest.mark.parametrize(
    "text",
    [
        P("35600000009075", id="establishment-whose-digits-sum-to-a-multiple-of-5"),
        P("35600000000048", id="head-office-which-follows-luhn"),
    ],
)
def test_la_poste_establishments_follow_their_own_key(text):
    assert clean_siret(text) == text


@pytest.mark.parametrize(
    "text",
    [
        P("73282932000075", id="wrong-siret-key"),
        P("73282932100007", id="siret-key-right-but-siren-key-wrong"),
        P("35600000009076", id="la-poste-neither-multiple-of-5-nor-luhn"),
        P("12345678901234", id="made-up"),
    ],
)
def test_a_siret_with_a_wrong_key_is_refused(text):
    assert problem(clean_siret, text) == f"SIRET invalide : « {text} » (clé de contrôle incorrecte)"


@pytest.mark.parametrize(
    "text",
    [
        P("1234", id="too-short"),
        P("732829320000740", id="too-long"),
        P("7328293200007A", id="letter"),
        P("SIRET 73282932000074", id="label"),
        P("73282932000074.5", id="decimal-part"),
    ],
)
def test_a_siret_that_is_not_fourteen_digits_is_refused(text):
    assert problem(clean_siret, text) == f"SIRET : 14 chiffres attendus, reçu « {text} »"


@pytest.mark.parametrize("text", [P("7.32829E+13", id="dot"), P("7,32829E+13", id="comma")])
def test_a_siret_in_scientific_notation_is_refused_with_how_to_fix_the_spreadsheet(text):
    message = problem(clean_siret, text)
    assert message.startswith(f"SIRET écrit en notation scientifique par le tableur : « {text} »")
    assert "format texte" in message


# --- UAI, NAF, IDCC, RNCP, NSF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("0751234J", "0751234J", id="as-written"),
        P("0751234j", "0751234J", id="lower-case-letter"),
        P("0751234 J", "0751234J", id="space-before-letter"),
        P("9740001H", "9740001H", id="overseas"),
    ],
)
def test_a_uai_is_seven_digits_and_its_check_letter_in_capitals(text, expected):
    assert clean_uai(text) == expected


def test_a_uai_with_a_wrong_check_letter_says_the_expected_letter():
    assert problem(clean_uai, "0751234A") == "UAI invalide : « 0751234A » (lettre de contrôle attendue : J)"


@pytest.mark.parametrize(
    "text",
    [P("751234J", id="six-digits"), P("07512345", id="no-letter"), P("0751234JJ", id="two-letters"), P("A", id="one")],
)
def test_a_uai_of_the_wrong_shape_is_refused(text):
    assert problem(clean_uai, text) == f"UAI : 7 chiffres suivis d'une lettre attendus, reçu « {text} »"


@pytest.mark.parametrize(
    "text",
    [
        P("56.10A", id="canonical"),
        P("5610A", id="without-dot"),
        P("56.10a", id="lower-case"),
        P("5610a", id="lower-case-without-dot"),
        P("56 10 A", id="spaces"),
    ],
)
def test_a_naf_code_takes_the_form_with_its_dot(text):
    assert clean_naf(text) == "56.10A"


@pytest.mark.parametrize(
    "text",
    [P("5610", id="no-letter"), P("561A", id="three-digits"), P("56.10.A1", id="too-long"), P("AB.CDE", id="letters")],
)
def test_a_naf_code_of_the_wrong_shape_is_refused_with_an_example(text):
    assert problem(clean_naf, text) == (
        f"code NAF invalide : « {text} » (attendu 2 chiffres, un point, 2 chiffres et une lettre, comme 56.10A)"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        P("1486", "1486", id="four-digits"),
        P("16", "0016", id="padded"),
        P("3", "0003", id="one-digit"),
        P("16.0", "0016", id="spreadsheet-decimal-suffix"),
        P("IDCC 1486", "1486", id="labelled"),
        P("9999", "9999", id="no-agreement-9999"),
        P("0000", "0000", id="no-agreement-0000"),
    ],
)
def test_an_idcc_is_four_digits(text, expected):
    assert clean_idcc(text) == expected


@pytest.mark.parametrize("text", [P("12345", id="five-digits"), P("14A6", id="letter"), P("IDCC", id="label-only")])
def test_an_idcc_that_is_not_one_to_four_digits_is_refused(text):
    assert problem(clean_idcc, text) == f"IDCC : 1 à 4 chiffres attendus, reçu « {text} »"


@pytest.mark.parametrize(
    "text, expected",
    [
        P("RNCP12345", "RNCP12345", id="canonical"),
        P("rncp 12345", "RNCP12345", id="lower-case-with-space"),
        P("RNCP-12345", "RNCP12345", id="dash"),
        P("12345", "RNCP12345", id="digits-only"),
        P("1", "RNCP1", id="one-digit"),
        P("123456", "RNCP123456", id="six-digits"),
        P("RNCP012345", "RNCP12345", id="leading-zero-dropped"),
    ],
)
def test_an_rncp_code_is_rncp_and_its_number(text, expected):
    assert clean_rncp(text) == expected


@pytest.mark.parametrize(
    "text",
    [P("1234567", id="seven-digits"), P("RNCP", id="no-number"), P("RNCP 0", id="zero"), P("RS1234", id="rs-code")],
)
def test_an_rncp_code_of_the_wrong_shape_is_refused(text):
    assert problem(clean_rncp, text) == (
        f"code RNCP invalide : « {text} » (attendu RNCP suivi de 1 à 6 chiffres, comme RNCP12345)"
    )


KNOWN_NSF = frozenset({"221", "311"})


@pytest.mark.parametrize(
    "text",
    [
        P("221", id="three-digits"),
        P("221p", id="specialty-letter"),
        P("221 p", id="specialty-letter-after-space"),
        P("221P", id="capital-specialty-letter"),
        P("221 - Agro-alimentaire, alimentation, cuisine", id="with-its-label"),
    ],
)
def test_an_nsf_group_is_its_three_digits(text):
    assert clean_nsf(text, KNOWN_NSF) == "221"


def test_an_nsf_group_outside_the_nomenclature_is_unknown():
    assert problem(clean_nsf, "999", KNOWN_NSF) == "groupe NSF inconnu : « 999 »"


@pytest.mark.parametrize(
    "text", [P("22", id="two-digits"), P("2210", id="four-digits"), P("22p", id="two-digits-and-letter"), P("abc")]
)
def test_an_nsf_group_of_the_wrong_shape_is_refused(text):
    assert problem(clean_nsf, text, KNOWN_NSF) == f"groupe NSF : 3 chiffres attendus, reçu « {text} »"


# --- places -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("75056", "75056", id="five-digits"),
        P("01053", "01053", id="leading-zero"),
        P("1053", "01053", id="leading-zero-lost-by-a-spreadsheet"),
        P("1053.0", "01053", id="read-as-a-number"),
        P("2A004", "2A004", id="corse-du-sud"),
        P("2b033", "2B033", id="haute-corse-lower-case"),
        P("97411", "97411", id="overseas"),
    ],
)
def test_a_commune_code_is_five_characters(text, expected):
    assert clean_commune_code(text) == expected


@pytest.mark.parametrize(
    "text", [P("750", id="three-digits"), P("750560", id="six-digits"), P("2C004", id="not-corsica"), P("Paris")]
)
def test_a_commune_code_of_the_wrong_shape_is_refused(text):
    assert problem(clean_commune_code, text) == (
        f"code commune INSEE : 5 caractères attendus (chiffres, ou 2A/2B pour la Corse), reçu « {text} »"
    )


def test_a_corsican_postal_code_given_as_commune_code_is_refused_with_the_reason():
    message = problem(clean_commune_code, "20000")
    assert message.startswith("code commune INSEE invalide : « 20000 » (la Corse s'écrit 2A ou 2B")


@pytest.mark.parametrize(
    "text, expected",
    [
        P("75001", "75001", id="five-digits"),
        P("1000", "01000", id="leading-zero-lost"),
        P("1000.0", "01000", id="read-as-a-number"),
        P("75 001", "75001", id="space"),
        P("20000", "20000", id="corsica"),
    ],
)
def test_a_postal_code_is_five_digits(text, expected):
    assert clean_postal_code(text) == expected


@pytest.mark.parametrize("text", [P("750", id="three-digits"), P("750011", id="six-digits"), P("2A000", id="letter")])
def test_a_postal_code_of_the_wrong_shape_is_refused(text):
    assert problem(clean_postal_code, text) == f"code postal : 5 chiffres attendus, reçu « {text} »"


# --- numbers and text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("12", 12, id="digits"),
        P(" 12 ", 12, id="surrounding-spaces"),
        P("12.0", 12, id="spreadsheet-decimal-suffix"),
        P("12,0", 12, id="french-decimal-comma"),
        P("12.00", 12, id="two-zero-decimals"),
        P("1 200", 1200, id="thousands-space"),
        P("1\u00a0200", 1200, id="thousands-non-breaking-space"),
        P("1\u202f200", 1200, id="thousands-narrow-non-breaking-space"),
        P("0", 0, id="minimum"),
        P("10000", 10000, id="maximum"),
    ],
)
def test_a_whole_number_is_read_as_people_and_spreadsheets_write_it(text, expected):
    assert clean_int(text, minimum=0, maximum=10_000, what="effectif") == expected


def test_a_negative_number_is_read_when_the_range_allows_it():
    assert clean_int("-3", minimum=-10, maximum=10, what="écart") == -3


@pytest.mark.parametrize(
    "text",
    [
        P("12.5", id="decimal"),
        P("1,5", id="french-decimal"),
        P("douze", id="words"),
        P("12.", id="trailing-dot"),
        P("1.200", id="dot-thousands"),
        P("+12", id="plus-sign"),
        P("１２", id="full-width-digits"),
    ],
)
def test_what_is_not_a_whole_number_is_refused_naming_the_column(text):
    assert problem(clean_int, text, minimum=0, maximum=10_000, what="effectif") == (
        f"effectif : nombre entier attendu, reçu « {text} »"
    )


@pytest.mark.parametrize("text", [P("10001", id="above"), P("-1", id="below")])
def test_a_number_out_of_range_says_the_range(text):
    assert problem(clean_int, text, minimum=0, maximum=10_000, what="effectif") == (
        f"effectif hors limites : « {text} » (attendu entre 0 et 10\u202f000)"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        P("Dupont", "Dupont", id="plain"),
        P("Jean   Pierre", "Jean Pierre", id="inner-spaces-collapsed"),
        P("Marie-Anne\tO'Neil", "Marie-Anne O'Neil", id="tab-collapsed"),
        P("Boulangerie 2000", "Boulangerie 2000", id="letters-and-digits"),
        P("Œ", "Œ", id="one-letter"),
    ],
)
def test_a_name_is_one_line_with_a_letter(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize("text", [P("12345", id="digits-only"), P("--", id="punctuation-only")])
def test_a_name_without_a_letter_is_refused(text):
    assert problem(clean_name, text) == f"nom : au moins une lettre attendue, reçu « {text} »"


def test_a_name_at_its_limit_is_kept_and_one_more_character_is_refused_stating_the_limit():
    assert clean_name("a" * 150) == "a" * 150
    assert problem(clean_name, "a" * 151) == "nom trop long : 151 caractères (150 au plus)"
    assert problem(clean_name, "a" * 31, max_length=30) == "nom trop long : 31 caractères (30 au plus)"


def test_free_text_is_put_on_one_line():
    assert clean_text("Rupture\n\nen  période\td'essai", max_length=100) == "Rupture en période d'essai"


def test_free_text_at_its_limit_is_kept():
    assert clean_text("a" * 100, max_length=100) == "a" * 100


def test_a_huge_cell_gives_a_short_message_with_its_length_and_not_its_value():
    message = problem(clean_text, "a" * 10_000_000, max_length=500)
    assert message == "texte trop long : 10\u202f000\u202f000 caractères (500 au plus)"


@pytest.mark.parametrize(
    "text, expected",
    [
        P("jean.dupont@example.fr", "jean.dupont@example.fr", id="plain"),
        P("Jean.Dupont@Example.FR", "jean.dupont@example.fr", id="lower-cased"),
        P("mailto:jean@example.fr", "jean@example.fr", id="mailto-link"),
        P("a+tag@sub.example.fr", "a+tag@sub.example.fr", id="tag-and-subdomain"),
    ],
)
def test_an_email_address_is_kept_in_lower_case(text, expected):
    assert clean_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        P("jean.dupont", id="no-at"),
        P("jean@dupont@example.fr", id="two-at"),
        P("@example.fr", id="no-local-part"),
        P("jean@localhost", id="no-dot-in-domain"),
        P("jean@.example.fr", id="domain-starts-with-dot"),
        P("jean@example.fr.", id="domain-ends-with-dot"),
        P("jean@example..fr", id="double-dot"),
        P("jean dupont@example.fr", id="space"),
    ],
)
def test_an_invalid_email_address_is_refused(text):
    assert problem(clean_email, text) == f"adresse e-mail invalide : « {text} » (attendu nom@domaine.fr)"


def test_an_email_address_longer_than_254_characters_is_refused():
    assert clean_email("a" * 64 + "@" + "b" * 186 + ".fr") == "a" * 64 + "@" + "b" * 186 + ".fr"
    assert problem(clean_email, "a" * 64 + "@" + "b" * 187 + ".fr") == (
        "adresse e-mail trop longue : 255 caractères (254 au plus)"
    )


# --- enumerations -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("apprentissage", "apprentissage", id="apprentissage"),
        P("Apprentissage", "apprentissage", id="capitalised"),
        P("Contrat d'apprentissage", "apprentissage", id="full-name"),
        P("CONTRAT D’APPRENTISSAGE", "apprentissage", id="capitals-curly-apostrophe"),
        *(P(code, "apprentissage", id=f"cerfa-{code}") for code in ("11", "21", "22", "23", "31", "32", "33")),
        *(P(code, "apprentissage", id=f"cerfa-{code}") for code in ("34", "35", "36", "37", "38")),
        P("11.0", "apprentissage", id="cerfa-code-read-as-number"),
        P("professionnalisation", "professionnalisation", id="professionnalisation"),
        P("PRO", "professionnalisation", id="pro"),
        P("Contrat de professionnalisation", "professionnalisation", id="full-name-pro"),
        P("contrat pro", "professionnalisation", id="contrat-pro"),
        P("Pro-A", "pro_a", id="pro-a"),
        P("PROA", "pro_a", id="proa"),
        P("Reconversion ou promotion par alternance", "pro_a", id="pro-a-full-name"),
        P("Période de reconversion", "periode_reconversion", id="periode-de-reconversion"),
        P("periode de reconversion", "periode_reconversion", id="without-accent"),
    ],
)
def test_contract_kinds_are_recognised_in_words_and_cerfa_codes(text, expected):
    assert clean_contract_kind(text) == expected


@pytest.mark.parametrize(
    "text", [P("CDI"), P("12", id="not-a-cerfa-code"), P("reconversion", id="ambiguous-reconversion"), P("alternance")]
)
def test_an_unknown_contract_kind_is_refused_listing_the_kinds(text):
    assert problem(clean_contract_kind, text) == (
        f"type de contrat inconnu : « {text} » (attendu : apprentissage, professionnalisation, Pro-A, "
        "période de reconversion, ou un code du cerfa de 11 à 38)"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        P("entreprise", "entreprise", id="entreprise"),
        P("Entreprise privée", "entreprise", id="entreprise-privee"),
        P("GE", "groupement_employeurs", id="ge"),
        P("Groupement d'employeurs", "groupement_employeurs", id="groupement"),
        P("GEIQ", "groupement_employeurs", id="geiq"),
        P("ETT", "ett", id="ett"),
        P("Entreprise de travail temporaire", "ett", id="ett-full-name"),
        P("Association intermédiaire", "association_intermediaire", id="association-intermediaire"),
        P("SIAE", "siae", id="siae"),
        P("Structure d'insertion par l'activité économique", "siae", id="siae-full-name"),
        P("employeur public", "public", id="employeur-public"),
        P("Public", "public", id="public"),
        *(P(code, "entreprise", id=f"type-employeur-{code}") for code in ("11", "12", "13", "14", "15", "16")),
        *(P(str(code), "public", id=f"type-employeur-{code}") for code in range(21, 30)),
        P("30", "entreprise", id="type-employeur-30-epic-under-private-law"),
        P("1", "ett", id="employeur-specifique-1-ett"),
        P("2", "groupement_employeurs", id="employeur-specifique-2-ge"),
        P("3", "entreprise", id="employeur-specifique-3-saisonnier"),
        P("4", "entreprise", id="employeur-specifique-4-apprentissage-familial"),
        P("0", "entreprise", id="employeur-specifique-0-aucun"),
        P("02", "groupement_employeurs", id="zero-padded-code"),
    ],
)
def test_employer_kinds_are_recognised_in_words_and_both_cerfa_fields(text, expected):
    assert clean_employer_kind(text) == expected


@pytest.mark.parametrize("text", [P("5", id="code-5"), P("17", id="code-17"), P("20"), P("31"), P("SARL")])
def test_an_unknown_employer_kind_is_refused_listing_the_kinds(text):
    message = problem(clean_employer_kind, text)
    assert message.startswith(f"type d'employeur inconnu : « {text} » (attendu : entreprise, groupement d'employeurs")
    assert "employeur spécifique 0 à 4, type d'employeur 11 à 16 ou 21 à 30" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        P("M", "M", id="m"),
        P("F", "F", id="f"),
        P("m", "M", id="lower-m"),
        P("1", "M", id="cerfa-1"),
        P("2", "F", id="cerfa-2"),
        P("H", "M", id="h"),
        P("Homme", "M", id="homme"),
        P("femme", "F", id="femme"),
        P("Masculin", "M", id="masculin"),
        P("Féminin", "F", id="feminin"),
        P("feminin", "F", id="feminin-without-accent"),
        P("Mme", "F", id="mme"),
    ],
)
def test_sex_is_m_or_f(text, expected):
    assert clean_sex(text) == expected


@pytest.mark.parametrize("text", [P("X"), P("3", id="code-3"), P("autre")])
def test_an_unknown_sex_is_refused(text):
    assert problem(clean_sex, text) == (
        f"sexe inconnu : « {text} » (attendu M ou F, H, homme, femme, ou le code du cerfa 1 ou 2)"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        P("1", "school", id="cerfa-1-scolaire"),
        P("2", "trainee", id="cerfa-2-prepa-apprentissage"),
        P("3", "student", id="cerfa-3-etudiant"),
        P("4", "apprentice", id="cerfa-4-apprentissage"),
        P("5", "professionalisation", id="cerfa-5-professionnalisation"),
        P("6", "employee", id="cerfa-6-contrat-aide"),
        P("7", "trainee", id="cerfa-7-stagiaire-avant-signature"),
        P("8", "trainee", id="cerfa-8-sans-contrat-apres-rupture"),
        P("9", "trainee", id="cerfa-9-autre-stagiaire"),
        P("10", "employee", id="cerfa-10-salarie"),
        P("11", "jobseeker", id="cerfa-11-recherche-emploi"),
        P("12", "inactive", id="cerfa-12-inactif"),
        P("09", "trainee", id="zero-padded-code"),
        P("Scolaire", "school", id="scolaire"),
        P("Lycée professionnel", "school", id="lycee"),
        P("collège", "school", id="college"),
        P("Étudiant", "student", id="etudiant"),
        P("étudiante en licence", "student", id="etudiante"),
        P("Contrat d'apprentissage", "apprentice", id="apprenti"),
        P("Contrat de professionnalisation", "professionalisation", id="professionnalisation"),
        P("Prépa apprentissage", "trainee", id="prepa-apprentissage-not-apprentice"),
        P(
            "En formation au CFA sous statut de stagiaire de la formation professionnelle, avant signature d'un "
            "contrat d'apprentissage",
            "trainee",
            id="cerfa-7-label-mentions-an-apprenticeship",
        ),
        P("Demandeur d'emploi", "jobseeker", id="demandeur-emploi"),
        P("demandeuse d’emploi", "jobseeker", id="demandeuse-emploi-curly-apostrophe"),
        P("En recherche d'emploi", "jobseeker", id="recherche-emploi"),
        P("Inscrit à France Travail", "jobseeker", id="france-travail"),
        P("Pôle emploi", "jobseeker", id="pole-emploi"),
        P("Salariée", "employee", id="salariee"),
        P("Contrat aidé", "employee", id="contrat-aide"),
        P("Inactif", "inactive", id="inactif"),
        P("Service civique", "other", id="unknown-words-are-other"),
        P("13", "other", id="unknown-code-is-other"),
    ],
)
def test_the_prior_situation_is_read_from_cerfa_codes_or_words_and_never_refused(text, expected):
    assert clean_prior_situation(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("1", 1, id="level-1"),
        P("4", 4, id="level-4"),
        P("8", 8, id="level-8"),
        P("4.0", 4, id="read-as-number"),
        P("niveau 4", 4, id="niveau-4"),
        P("Niveau 5", 5, id="capitalised"),
        P("Niv. 4", 4, id="niv-dot"),
        P("niv 6", 6, id="niv"),
        P("V", 3, id="roman-v"),
        P("IV", 4, id="roman-iv"),
        P("III", 5, id="roman-iii"),
        P("II", 6, id="roman-ii"),
        P("I", 7, id="roman-i"),
        P("niveau IV", 4, id="niveau-roman"),
        P("CAP", 3, id="cap"),
        P("BEP", 3, id="bep"),
        P("CAP/BEP", 3, id="cap-bep"),
        P("bac", 4, id="bac"),
        P("Bac pro", 4, id="bac-pro"),
        P("Baccalauréat professionnel", 4, id="baccalaureat-professionnel"),
        P("BP", 4, id="brevet-professionnel"),
        P("BTS", 5, id="bts"),
        P("DUT", 5, id="dut"),
        P("bac+2", 5, id="bac-plus-2"),
        P("Bac + 2", 5, id="bac-plus-2-spaced"),
        P("Licence", 6, id="licence"),
        P("licence professionnelle", 6, id="licence-pro"),
        P("Bachelor", 6, id="bachelor"),
        P("BUT", 6, id="but"),
        P("bac+3", 6, id="bac-plus-3"),
        P("Master", 7, id="master"),
        P("bac+5", 7, id="bac-plus-5"),
        P("Ingénieur", 7, id="ingenieur"),
        P("Doctorat", 8, id="doctorat"),
        P("bac+8", 8, id="bac-plus-8"),
        P("niveau bac", 4, id="niveau-bac"),
        P("33", 3, id="cerfa-33-cap"),
        P("38", 3, id="cerfa-38-other-cap-bep"),
        P("41", 4, id="cerfa-41-bac-pro"),
        P("54", 5, id="cerfa-54-bts"),
        P("62", 6, id="cerfa-62-licence-pro"),
        P("74", 7, id="cerfa-74-ingenieur"),
        P("80", 8, id="cerfa-80-doctorat"),
    ],
)
def test_a_level_is_read_from_numbers_old_roman_levels_diplomas_and_cerfa_codes(text, expected):
    assert clean_level(text) == expected


@pytest.mark.parametrize(
    "text", [P("0", id="level-0"), P("9", id="level-9"), P("niveau 9", id="niveau-9"), P("123", id="three-digits")]
)
def test_a_level_outside_1_to_8_is_refused_stating_the_range(text):
    assert problem(clean_level, text) == f"niveau hors limites : « {text} » (attendu de 1 à 8)"


@pytest.mark.parametrize("text", [P("13", id="aucun-diplome"), P("25", id="brevet"), P("26", id="cfg")])
def test_a_cerfa_code_for_no_diploma_is_refused_because_it_has_no_level(text):
    message = problem(clean_level, text)
    assert message.startswith(f"niveau : le code du cerfa « {text} » désigne l'absence de diplôme professionnel")


@pytest.mark.parametrize(
    "text",
    [
        P("51", id="pre-2019-cerfa-code-not-guessed"),
        P("10", id="not-a-cerfa-code"),
        P("VI", id="old-level-vi-no-equivalent"),
        P("brevet des collèges", id="no-level-diploma"),
        P("haut", id="words"),
    ],
)
def test_an_unknown_level_is_refused_listing_the_accepted_forms(text):
    message = problem(clean_level, text)
    assert message.startswith(f"niveau inconnu : « {text} » (attendu un niveau de 1 à 8")
    assert "CAP, bac, BTS, licence, master, doctorat" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        P("Rupture pendant la période d'essai", "trial_period", id="periode-essai"),
        P("Rupture dans les 45 premiers jours", "trial_period", id="45-premiers-jours"),
        P("rupture libre", "trial_period", id="rupture-libre"),
        P("D'un commun accord", "mutual_agreement", id="commun-accord"),
        P("Accord des parties", "mutual_agreement", id="accord-des-parties"),
        P("Rupture conventionnelle", "mutual_agreement", id="rupture-conventionnelle"),
        P("Démission de l'apprenti", "resignation", id="demission"),
        P("DEMISSION", "resignation", id="demission-capitals"),
        P("Licenciement", "dismissal", id="licenciement"),
        P("Faute grave", "dismissal", id="faute-grave"),
        P("Inaptitude constatée par le médecin du travail", "dismissal", id="inaptitude"),
        P("Force majeure", "dismissal", id="force-majeure"),
        P("Exclusion définitive du CFA", "cfa_exclusion", id="exclusion"),
        P("Licenciement suite à exclusion du CFA", "cfa_exclusion", id="exclusion-before-its-dismissal"),
        P("Conseil de prud'hommes", "judicial", id="prudhommes"),
        P("Résiliation judiciaire", "judicial", id="resiliation-judiciaire"),
        P("Obtention du diplôme", "diploma_obtained", id="obtention-diplome"),
        P("Réussite à l'examen", "diploma_obtained", id="reussite"),
        P("Cessation d'activité", "employer_closure", id="cessation-activite"),
        P("Liquidation judiciaire", "employer_closure", id="liquidation"),
        P("Décès de l'employeur", "employer_closure", id="deces-employeur"),
        P("Déménagement de l'apprenti", "other", id="unknown-words-are-other"),
    ],
)
def test_a_rupture_cause_is_classified_and_its_words_are_kept(text, expected):
    assert clean_rupture_cause(text) == (expected, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        P("employeur", "employer", id="employeur"),
        P("Employeur", "employer", id="capitalised"),
        P("apprenti", "apprentice", id="apprenti"),
        P("Apprentie", "apprentice", id="apprentie"),
        P("alternant", "apprentice", id="alternant"),
        P("Salarié", "apprentice", id="salarie"),
        P("commun_accord", "both", id="commun-accord-underscore"),
        P("Commun accord", "both", id="commun-accord"),
        P("les deux", "both", id="les-deux"),
        P("CFA", "cfa", id="cfa"),
        P("centre de formation", "cfa", id="centre-de-formation"),
        P("autre", "other", id="autre"),
    ],
)
def test_the_initiative_of_a_rupture_is_read(text, expected):
    assert clean_initiative(text) == expected


@pytest.mark.parametrize("text", [P("école"), P("inconnu"), P("1", id="code")])
def test_an_unknown_initiative_is_refused_listing_the_accepted_values(text):
    assert problem(clean_initiative, text) == (
        f"initiative de la rupture inconnue : « {text} » (attendu : employeur, apprenti, commun accord, CFA ou autre)"
    )


def test_a_refused_enumeration_value_is_refused_again_when_it_repeats():
    # The enumeration cleaners are cached: a refusal must not be cached as an answer.
    for _ in range(2):
        problem(clean_contract_kind, "CDD")


def test_a_long_free_text_is_classified_without_being_cached():
    from compagnon.intake.values import _prior_situation, _rupture_cause

    cached = _rupture_cause.cache_info().currsize, _prior_situation.cache_info().currsize
    text = "Rupture d'un commun accord, " + "x" * 1_000
    assert clean_rupture_cause(text) == ("mutual_agreement", text)
    assert clean_prior_situation("Demandeur d'emploi " + "x" * 1_000) == "jobseeker"
    assert (_rupture_cause.cache_info().currsize, _prior_situation.cache_info().currsize) == cached
