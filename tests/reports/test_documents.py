"""The lägesbild and the tertial follow-up as PDF (text extracted and checked) and CSV."""

import csv
import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def read_csv(data: bytes, delimiter=";") -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_lagesbild_pdf_says_it_in_swedish(api, dataset):
    response = api(dataset.users["coordinator"]).get(
        f"/api/v1/reports/lagesbild.pdf?week=2026-W13&area={dataset.area}"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "lagesbild-2026-W13.pdf" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title == "Lägesbild 2026 vecka 13"
    text = pdf_text(response.data)
    for expected in (
        "Lägesbild 2026 vecka 13",
        "Centrum · 23 mars 2026 – 29 mars 2026",
        "Nya och stängda per kategori",
        "Klotter/otillåten affischering",
        "Skymmande vegetation/sly",
        "Brännpunkter",
        "Försenade per ansvarig",
        "AB Väsbyhem",
        "Parkenheten",
        "Att uppmärksamma",
        "Försenad 87 dagar",
        "Hög prioritet",
        "Sida 1",
    ):
        assert expected in text, expected


def test_the_lagesbild_csv_has_one_figure_per_line(api, dataset):
    response = api(dataset.users["coordinator"]).get("/api/v1/reports/lagesbild.csv?week=2026-W13")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = read_csv(response.data)
    assert rows[0] == ["avsnitt", "nyckel", "namn", "mått", "värde"]
    assert ["sammanfattning", "", "", "nya", "2"] in rows
    assert ["kategori", "klotter", "Klotter/otillåten affischering", "nya", "1"] in rows
    overdue = [row for row in rows if row[0] == "försenade" and row[2] == "AB Väsbyhem"]
    assert ["försenade", str(dataset.orgs["A"]), "AB Väsbyhem", "flest dagar försenad", "87"] in (
        overdue
    )
    notable = [row for row in rows if row[0] == "att uppmärksamma"]
    # G1's note begins with '=': written as text, not as a formula.
    assert any(row[4].startswith("'=HYPERLINK") for row in notable)


def test_the_tertial_pdf_and_csv(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    response = coordinator.get("/api/v1/reports/tertial.pdf?year=2026&tertial=1")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for expected in (
        "Tertialuppföljning 1/2026",
        "jämfört med tertial 3/2025",
        "Nya iakttagelser",
        "Median tid till åtgärd",
        "2,0 d",  # 48 hours
        "60 %",
        "100 %",
        "Genomförda vandringar",
        "Per kategori",
        "Per ansvarig",
        "Gatuenheten",
    ):
        assert expected in text, expected
    rows = read_csv(coordinator.get("/api/v1/reports/tertial.csv?year=2026&tertial=1").data)
    assert rows[0] == ["avsnitt", "nyckel", "namn", "mått", "denna_tertial", "förra_tertialen"]
    assert ["sammanfattning", "", "", "nya", "10", "2"] in rows
    assert ["sammanfattning", "", "", "andel åtgärdade i tid", "0,6", "1"] in rows
    assert ["sammanfattning", "", "", "median timmar till mottagen", "9", "1"] in rows
    rfc = coordinator.get("/api/v1/reports/tertial.csv?year=2026&tertial=1&dialect=rfc&bom=false")
    text = rfc.data.decode()
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["sammanfattning", "", "", "andel åtgärdade i tid", "0.6", "1"] in rows


def test_year_and_tertial_come_together(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    assert coordinator.get("/api/v1/reports/tertial?year=2026").status_code == 422
    assert coordinator.get("/api/v1/reports/tertial?tertial=4&year=2026").status_code == 422
    assert coordinator.get("/api/v1/reports/tertial").status_code == 200  # the current one
