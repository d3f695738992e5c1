"""Spanish and Portuguese numbers said in agreement with the noun they count.

num2words spells the masculine form on its own ("uno", "um", "dois", "quinientos"), which is
what a number says when it counts nothing. Before a noun, Spanish shortens uno to un (un
refugio, veintiún días) and both languages say the feminine form before a feminine noun: una
persona, veintiuna horas, quinientas personas, duas pessoas, uma escola. Thousands take the
noun's gender too (doscientas mil personas, duas mil pessoas); millions are nouns themselves
(dos millones de personas) and keep theirs. The noun's gender is told from its ending, with the
common exceptions of a municipal notice's vocabulary (el día, el problema, la calle, la vez).
Brazilian Portuguese says the first day of a month as an ordinal: primeiro de dezembro.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\s*([^\W\d_]+)")
_MONTH_PT = re.compile(r"\s*(?:º\s*)?de\s+(?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro"
                       r"|novembro|dezembro)\b", re.I)

# words after a number that are not the thing counted
_NOT_A_NOUN = {
    "es": {"de", "del", "y", "o", "u", "e", "a", "al", "en", "por", "para", "con", "sin", "que", "la", "el", "los",
           "las", "se", "es", "son", "mas", "menos", "hasta", "desde", "entre", "sobre", "como", "mil", "millon",
           "millones", "coma", "punto",
           # verbs and adverbs after a number that names something (el refugio 1 está abierto)
           "esta", "estan", "fue", "fueron", "sera", "seran", "hay", "tiene", "tienen", "abre", "abren",
           "cierra", "cierran", "queda", "quedan", "ya", "no", "tambien", "solo", "aproximadamente", "cerca"},
    "pt": {"de", "do", "da", "dos", "das", "e", "ou", "a", "o", "as", "os", "ao", "aos", "em", "no", "na", "nos",
           "nas", "por", "para", "com", "sem", "que", "ate", "desde", "entre", "sobre", "mais", "menos", "como",
           "mil", "milhao", "milhoes", "virgula", "ponto",
           "esta", "estao", "sao", "foi", "foram", "sera", "serao", "ha", "tem", "abre", "abrem", "fecha", "fecham",
           "fica", "ficam", "ja", "nao", "tambem", "so", "aproximadamente", "cerca"},
}
_MASCULINE_IN_A = {
    "es": {"dia", "mapa", "problema", "sistema", "programa", "tema", "idioma", "clima", "planeta", "sofa", "poema",
           "esquema", "sintoma", "telegrama", "aroma"},
    "pt": {"dia", "mapa", "problema", "sistema", "programa", "tema", "idioma", "clima", "planeta", "sofa",
           "telefonema", "esquema", "sintoma", "aroma"},
}
_FEMININE_OTHERWISE = {
    "es": {"mano", "foto", "moto", "noche", "calle", "clase", "llave", "gente", "parte", "tarde", "nieve", "sede",
           "red", "vez", "luz", "paz", "ley", "mujer", "flor", "fuente", "leche", "carne", "torre", "muerte",
           "suerte", "frase", "base", "fase", "imagen", "sal", "piel", "carcel", "senal", "crisis", "tesis"},
    "pt": {"vez", "luz", "paz", "lei", "mulher", "flor", "noite", "tarde", "parte", "gente", "morte", "sorte",
           "fonte", "classe", "chave", "rede", "sede", "mao", "foto", "moto", "nuvem", "ordem", "imagem", "base",
           "fase", "frase", "crise", "carne", "neve", "torre", "viagem", "mensagem", "garagem", "margem"},
}
_FEMININE_ENDINGS = {
    "es": ("a", "cion", "sion", "xion", "gion", "dad", "tad", "tud", "umbre"),
    "pt": ("a", "cao", "sao", "dade", "agem"),
}


def _plain(word: str) -> str:
    """Lower case without accents: día → dia, estación → estacion."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


def _singulars(word: str, language: str) -> list[str]:
    """The word and what its singular may be (nouns after a number other than one are plural)."""
    forms = [word]
    if language == "pt":
        for plural, singular in (("oes", "ao"), ("aes", "ao"), ("ns", "m"), ("es", ""), ("s", "")):
            if word.endswith(plural):
                forms.append(word[: -len(plural)] + singular)
    else:
        for plural, singular in (("ces", "z"), ("es", ""), ("s", "")):
            if word.endswith(plural):
                forms.append(word[: -len(plural)] + singular)
    return forms


def feminine(noun: str, language: str) -> bool | None:
    """Whether the noun is feminine; None for a word that is not what a number counts."""
    word = _plain(noun)
    if word in _NOT_A_NOUN[language]:
        return None
    forms = _singulars(word, language)
    if any(f in _FEMININE_OTHERWISE[language] for f in forms):
        return True
    if any(f in _MASCULINE_IN_A[language] for f in forms):
        return False
    return any(f.endswith(_FEMININE_ENDINGS[language]) for f in reversed(forms[1:] or forms))


def agree(spelled: str, following: str, language: str) -> str:
    """``spelled``: num2words' form of a whole number; ``following``: the text after the number."""
    language = language.split("-")[0]
    if language not in ("es", "pt"):
        return spelled
    if language == "pt" and spelled == "um" and _MONTH_PT.match(following):
        return "primeiro"
    word = _WORD.match(following)
    gender = feminine(word[1], language) if word else None
    if gender is None:
        return spelled
    head, scale, tail = _split_at_millions(spelled, language)
    if gender:
        if language == "es":
            tail = re.sub(r"uno\b", "una", re.sub(r"ientos\b", "ientas", tail))
        else:
            tail = re.sub(r"\bum\b", "uma", re.sub(r"\bdois\b", "duas", re.sub(r"entos\b", "entas", tail)))
    elif language == "es":
        tail = re.sub(r"uno$", "ún", tail) if tail.endswith("iuno") else re.sub(r"\buno$", "un", tail)
    return head + scale + tail


def _split_at_millions(spelled: str, language: str) -> tuple[str, str, str]:
    """(before, the last millions word, after): only the part after it agrees with the noun."""
    millions = list(re.finditer(r"\bmill(?:ón|ones)\b" if language == "es" else r"\bmilh(?:ão|ões)\b", spelled))
    if not millions:
        return "", "", spelled
    last = millions[-1]
    return spelled[: last.start()], last[0], spelled[last.end():]
