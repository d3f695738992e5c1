"""Variants (languages) a subscriber may choose, BCP 47 normalisation and the fallback chain."""

from __future__ import annotations

VARIANTS: tuple[str, ...] = (
    "ja", "ja-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "ne", "pt-BR", "es", "tl", "id", "th", "my",
)
EASY = "ja-easy"

# Primary language subtag → variant, for languages with one supported variant. Deprecated or
# alternative codes that citizens' browsers and city spreadsheets still send are mapped too.
_PRIMARY = {
    "ja": "ja", "en": "en", "ko": "ko", "vi": "vi", "ne": "ne", "pt": "pt-BR", "es": "es",
    "tl": "tl", "fil": "tl", "id": "id", "in": "id", "th": "th", "my": "my",
}
_EASY_TAGS = frozenset({"ja-easy", "easy-ja", "ja-x-easy", "yasashii", "やさしい日本語"})
_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})
# Readers of one Chinese script usually manage the other better than Japanese.
_NEIGHBOURS = {"zh-Hant": ("zh-Hans",), "zh-Hans": ("zh-Hant",)}


class LanguageError(ValueError):
    """Not a tag Todoke can serve."""


def normalize(tag: str) -> str:
    """A BCP 47 tag (``zh-CN``, ``pt``, ``en-US``, ``ja-easy``) → one of ``VARIANTS``."""
    cleaned = tag.strip().replace("_", "-")
    if cleaned.lower() in _EASY_TAGS:
        return EASY
    parts = [p.lower() for p in cleaned.split("-")]
    if not all(p.isascii() and p.isalnum() and len(p) <= 8 for p in parts):
        raise LanguageError(f"not a language tag: {tag!r}")
    primary, rest = parts[0], parts[1:]
    if primary == "zh":
        return _chinese(rest)
    if primary in _PRIMARY:
        return _PRIMARY[primary]
    raise LanguageError(f"unsupported language {tag!r}; choose one of {', '.join(VARIANTS)}")


def _chinese(subtags: list[str]) -> str:
    if "hant" in subtags:
        return "zh-Hant"
    if "hans" in subtags:
        return "zh-Hans"
    return "zh-Hant" if any(s in _TRADITIONAL_REGIONS for s in subtags) else "zh-Hans"


def fallback_chain(variant: str, preferred: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Variants to try after ``variant``, always ending in easy Japanese (empty for ``ja-easy``)."""
    chain: list[str] = []
    for candidate in (*preferred, *_NEIGHBOURS.get(variant, ()), EASY):
        if candidate != variant and candidate not in chain:
            chain.append(candidate)
    if variant == EASY:
        return []
    chain.remove(EASY)
    return [*chain, EASY]
