"""A long day of real notices for digest tests: the 37 city-hall notices of the easy-Japanese corpora
(title and body in standard Japanese) with English translations of their titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CORPORA = [Path(__file__).parent / "unit" / name for name in ("easy_corpus", "easy_fresh", "easy_heldout")]
ENGLISH = {
    "after_quake": "Take care after the earthquake", "bulky_waste": "How to put out bulky garbage",
    "childcare": "Childcare support centres", "election": "Voting in the city council election",
    "evacuation_info": "Evacuation order issued", "event": "Saitama disaster prevention fair",
    "fraud_warning": "Beware of phone fraud", "garbage_change": "Garbage collection days over the New Year",
    "heatstroke": "Heat stroke alert issued", "heavy_rain": "Take care in the heavy rain",
    "road_closure": "Road closure", "tax_deadline": "Property tax payment deadline",
    "vaccination": "Flu vaccinations for older people", "water_outage": "Water outage in Minuma-ku",
    "water_station": "Water supply point opened", "drill": "City-wide disaster drill",
    "mynumber": "My Number card counters open longer", "nursery": "Applying for a place at a nursery",
    "pool": "City pools open for the season", "rabies": "Rabies vaccinations for dogs",
    "resident_tax": "Filing for city and prefectural tax", "shelter_closed": "Shelters closed",
    "sinkhole": "Road closed after a sinkhole", "suspicious": "Suspicious person reported",
    "water_bill": "Please pay your water bill by bank transfer", "child_allowance": "Child allowance status report",
    "fire_prevention": "Help prevent fires", "health_checkup": "Specific health check-ups",
    "heavy_snow": "Take care in the heavy snow", "insurance_card": "Renewing your health insurance card",
    "library": "Central Library closed for a few days", "muddy_water": "Cloudy tap water",
    "power_outage": "Power cut in Kita-ku", "recycling": "Changes to recycling collection days",
    "smog": "Photochemical smog advisory issued", "traffic_safety": "Winter road safety campaign",
    "typhoon": "Shelters open as Typhoon No. 10 approaches",
}
ENGLISH_BODY = "Please read the whole notice on the city's website, or call the city office."


def notices() -> list[dict[str, Any]]:
    """Notice JSON (free text, every ward, topic ``disaster``) with an ``en`` translation each."""
    out = []
    for path in sorted(p for folder in CORPORA for p in folder.glob("*.txt")):
        title, body = path.read_text(encoding="utf-8").split("\n", 1)
        out.append({"title": title.strip(), "body": body.strip(), "urgency": "normal", "topics": ["disaster"],
                    "areas": ["all"], "translations": {"en": {"title": ENGLISH[path.stem], "body": ENGLISH_BODY}}})
    return out
