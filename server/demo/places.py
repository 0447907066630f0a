"""The demo's geography: Upplands Väsby centrum, its BID area, districts and properties.

Shapes are simplified rectangles and polygons drawn around the real places; designations and
owners are made up but follow the Swedish pattern (kommun, trakt, block:enhet)."""

CENTRE = (59.5186, 17.9119)  # lat, lon: Väsby Centrum


def box(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> dict:
    ring = [
        [min_lon, min_lat],
        [max_lon, min_lat],
        [max_lon, max_lat],
        [min_lon, max_lat],
        [min_lon, min_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


REVIEWED_AREA = "Väsby centrum BID"
AREAS = [
    ("Väsby centrum BID", "bid", box(17.9020, 59.5140, 17.9200, 59.5235)),
    ("Centrum", "district", box(17.9050, 59.5150, 17.9180, 59.5220)),
    ("Runby", "district", box(17.8850, 59.5150, 17.9050, 59.5260)),
    ("Vik", "district", box(17.9180, 59.5220, 17.9350, 59.5320)),
]

# name, kind, contact email
ORGANISATIONS = [
    ("Upplands Väsby kommun", "kommun", "kommun@lykta.demo"),
    ("Upplands Väsby kommun – Gatuenheten", "förvaltning", "gata@lykta.demo"),
    ("Upplands Väsby kommun – Parkenheten", "förvaltning", "park@lykta.demo"),
    ("AB Väsbyhem", "bostadsbolag", "felanmalan@vasbyhem.lykta.demo"),
    ("Väsby Centrum Fastigheter AB", "fastighetsägare", "drift@centrum.lykta.demo"),
    ("Väsby centrum BID", "BID", "bid@lykta.demo"),
    ("Polisen – lokalpolisområde Upplands Väsby", "polis", "polis@lykta.demo"),
    ("Brf Messingen", "fastighetsägare", "styrelsen@messingen.lykta.demo"),
    ("Fastighets AB Dragonen", "fastighetsägare", "drift@dragonen.lykta.demo"),
    ("Stationsfastigheter i Väsby AB", "fastighetsägare", "info@station.lykta.demo"),
    ("Storstockholms brandförsvar", "räddningstjänst", "brand@lykta.demo"),
]

GATA, PARK = ORGANISATIONS[1][0], ORGANISATIONS[2][0]
VASBYHEM, CENTRUM = ORGANISATIONS[3][0], ORGANISATIONS[4][0]
MESSINGEN, DRAGONEN, STATION = ORGANISATIONS[7][0], ORGANISATIONS[8][0], ORGANISATIONS[9][0]
KOMMUN, POLIS, BRAND = ORGANISATIONS[0][0], ORGANISATIONS[6][0], ORGANISATIONS[10][0]


def _grid_properties() -> list[tuple[str, str, dict]]:
    """Blocks of about 70 x 60 m laid out over the centre, each with an owner."""
    owners = [
        CENTRUM,
        CENTRUM,
        VASBYHEM,
        VASBYHEM,
        MESSINGEN,
        DRAGONEN,
        VASBYHEM,
        STATION,
        PARK,
        GATA,
        VASBYHEM,
        CENTRUM,
        DRAGONEN,
        PARK,
        VASBYHEM,
        GATA,
        MESSINGEN,
        STATION,
        VASBYHEM,
        PARK,
        CENTRUM,
        GATA,
        VASBYHEM,
        DRAGONEN,
    ]
    blocks = ["Dragonen", "Messingen", "Glasblåsaren", "Smeden", "Tackjärnet", "Hammaren"]
    properties = []
    width, height = 0.0012, 0.00055  # degrees of lon and lat: ~68 m x ~61 m here
    for index, owner in enumerate(owners):
        row, column = divmod(index, 6)
        min_lon = 17.9060 + column * (width + 0.0001)
        min_lat = 59.5160 + row * (height + 0.00005)
        designation = f"Upplands Väsby {blocks[column]} {row + 1}:{column + 12}"
        properties.append(
            (designation, owner, box(min_lon, min_lat, min_lon + width, min_lat + height))
        )
    return properties


PROPERTIES = _grid_properties()
