"""Three or more items (「A、B、Cなど」) become a list of "・item" lines."""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import tokenize

_ITEMS = re.compile(r"(?P<items>(?:[^、。\s「」（）]{1,20}、){2,}[^、。\s「」（）]{1,20}?)(?P<etc>など|等)?"
                    r"(?P<particle>を|が|は|に|で|の|も|へ|から|まで)")
_PLACES = ("区", "市", "町", "駅", "公園", "所", "校", "館", "センター", "ホール")
_NOUNISH = {"名詞", "接頭辞", "接尾辞", "代名詞"}


def _noun_tail(text: str) -> str:
    """The longest tail of ``text`` made only of noun-like tokens (the first list item)."""
    tokens = tokenize(text)
    start = len(text)
    for token in reversed(tokens):
        if token.pos1 not in _NOUNISH and not (token.surface == "の" and token is not tokens[-1]):
            break
        start = token.start
    return text[start:]


def _is_noun_phrase(item: str) -> bool:
    """A short phrase ending in a noun, with no particle that would make it a clause (は, が, を …)."""
    tokens = tokenize(item)
    return bool(tokens) and tokens[-1].pos1 in _NOUNISH and all(
        t.pos1 != "補助記号" and not (t.pos1 == "助詞" and t.surface not in ("の", "も")) for t in tokens)


def make_list(sentence: str) -> list[str]:
    """``[sentence]``, or the sentence with its items replaced by 「つぎの もの」 followed by "・item" lines."""
    match = _ITEMS.search(sentence)
    if match is None:
        return [sentence]
    items = match["items"].split("、")
    while len(items) >= 3 and not _noun_tail(items[0]):
        items.pop(0)  # 「避難の際は、水、…」: the list starts after the clause
    first = (items[0] if _is_noun_phrase(items[0]) else _noun_tail(items[0])) if len(items) >= 3 else ""
    if not first or any(c.isdigit() for c in "".join(items[1:]) + first):
        return [sentence]  # items with numbers are dates, amounts, addresses: cutting them could split a number
    if not all(_is_noun_phrase(i) for i in [first, *items[1:]]):
        return [sentence]
    items[0] = first
    places = all(i.endswith(_PLACES) for i in items)
    head = "つぎのところ" if places else "つぎのもの"
    start = match.start("items") + len(match["items"]) - len("、".join(items))
    tail = sentence[match.end():]
    if match["particle"] == "の" and tail[:1].isdigit():  # 「A、B、Cの3か所」 → 「つぎの3か所」
        head, particle = "つぎの", ""
    else:
        particle = ((match["etc"] and "など") or "") + match["particle"]
    rewritten = sentence[:start] + head + particle + tail
    return [rewritten, *("・" + item for item in items)]
