"""`depict` and the Jupyter pictures: molecules draw themselves, routes show their report page,
and the records stay plain JSON data."""

import json

import pytest

import regiochem
from conftest import cli


def test_depict_is_the_cli_svg(binary):
    boc = "CC(C)(C)OC(=O)N1CCCNCC1"
    svg = regiochem.depict(boc)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg == cli(binary, "depict", boc)
    assert regiochem.depict(boc, highlight="[NX3;H1]") == cli(binary, "depict", boc, "--highlight", "[NX3;H1]")
    assert regiochem.depict(boc, abbreviations=False) == cli(binary, "depict", boc, "--no-abbreviations")
    assert regiochem.depict(boc, abbreviations=False) != svg


def test_depict_takes_rdkit_molecules():
    Chem = pytest.importorskip("rdkit.Chem")
    mol = Chem.MolFromSmiles("C1CNCCNC1")
    assert regiochem.depict(mol) == regiochem.depict(Chem.MolToSmiles(mol))


def test_depict_errors_carry_code_and_offset():
    with pytest.raises(regiochem.RegiochemError) as caught:
        regiochem.depict("C1CC")
    assert caught.value.code == "smiles::unmatched_ring_bond"
    assert caught.value.offset == 1


def test_molecules_draw_themselves_and_stay_data():
    record = regiochem.parse("C1CNCCNC1")
    assert isinstance(record, dict)
    assert record._repr_svg_() == regiochem.depict(record["smiles"])
    assert json.loads(json.dumps(record)) == record
    smiles = regiochem.canon("C1CNCCNC1")
    assert smiles == "C1CNCCCN1" and isinstance(smiles, str)
    assert json.dumps(smiles) == '"C1CNCCCN1"'
    assert smiles._repr_svg_() == regiochem.depict("C1CNCCCN1")
    listed = regiochem.canon(["C1CNCCNC1", "C1CCC"])
    assert listed[1] is None and listed[0]._repr_svg_().startswith("<svg")
    [good, bad] = regiochem.parse(["C1CNCCNC1", "C1CCC"])
    assert good._repr_svg_().startswith("<svg") and bad._repr_svg_() is None


def test_routes_show_their_report_page(binary):
    target = "Fc1ccc(CN2CCCNCC2)c(F)c1"
    report = regiochem.plan(target, top=1)
    assert isinstance(report, dict) and json.loads(json.dumps(report)) == report
    page = report._repr_html_()
    assert page == cli(binary, "plan", target, "--top", "1", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    route = (
        "# target: CC(C)(C)OC(=O)N1CCNCCC1\n"
        "C1CNCCNC1.CC(C)(C)OC(=O)OC(=O)OC(C)(C)C>Cl>CC(C)(C)OC(=O)N1CCNCCC1 acid=1\n"
    )
    checked = regiochem.validate(route)
    html = checked._repr_html_()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    tree = regiochem.plan(target, top=1)["routes"][0]["tree"]
    assert regiochem.validate(tree)._repr_html_().startswith("<!DOCTYPE html>")


def test_plan_many_records_show_their_report_page(binary):
    target = "Fc1ccc(CN2CCCNCC2)c(F)c1"
    [planned, broken] = regiochem.plan_many([target, "C1CC"], jobs=1)
    assert planned._repr_html_() == cli(binary, "plan", target, "--top", "1", "--format", "html")
    assert "error" in broken and not hasattr(broken, "_repr_html_")
