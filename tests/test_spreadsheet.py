"""core.spreadsheet: Swedish Excel reads numbers as numbers and runs no formulas."""

from decimal import Decimal

from core.spreadsheet import cell, csv_response


def test_numbers_are_written_with_a_decimal_comma():
    assert cell(Decimal("3500.00")) == "3500,00"
    assert cell(Decimal("-12.5")) == "-12,5"
    assert cell(3) == "3"
    assert cell(2.25) == "2,25"
    assert cell(None) == ""


def test_text_that_would_be_a_formula_is_neutralised():
    for text in ["=HYPERLINK(\"x\")", "+46 70", "-1+1", "@SUM(A1)"]:
        assert cell(text) == "'" + text
    assert cell("Anna Svensson") == "Anna Svensson"


def test_the_file_has_a_bom_semicolons_and_no_caching():
    response = csv_response("x.csv", ["Namn", "Belopp"], [["=1+1", Decimal("10.50")]])
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffNamn;Belopp\r\n")
    assert "'=1+1;10,50" in body
    assert response["Cache-Control"] == "private, no-store"
