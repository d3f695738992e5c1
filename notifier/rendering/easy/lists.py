"""Three or more items (「A、B、Cなど」), or two long ones in a long sentence, become a list of "・item" lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from notifier.rendering.easy._tagger import Token, tokenize

# 「近くの 銀行、コンビニ、日陰に なって いる 坂道などで」: before など the last item runs to it, and may be
# a noun with a clause of its own; 「A こと、B こと、C ことなどです」 lists what the topic is
_ETC_ITEMS = re.compile(r"(?P<items>(?:[^、。\s「」（）]{1,20}、){2,}?[^、。\s「」（）]{1,24}?)(?P<etc>など|等)"
                        r"(?P<particle>を|が|は|に|で|の|も|へ|から|まで|です)")
_ITEMS = re.compile(r"(?P<items>(?:[^、。\s「」（）]{1,20}、){2,}?[^、。\s「」（）]{1,20}?)(?P<etc>など|等)?"
                    r"(?P<particle>を|が|は|に|で|の|も|へ|から|まで)")
# the ends of names of places (and of the spots where one does a thing: 銀行, 窓口, 受付, 橋の 上, 出入口)
_PLACES = ("区", "市", "町", "駅", "公園", "所", "校", "館", "センター", "ホール", "受付", "窓口", "銀行", "局",
           "コンビニ", "ストア", "店", "病院", "機関", "施設", "会場", "上", "出入口", "入口", "坂道")
_NOUNISH = {"名詞", "接頭辞", "接尾辞", "代名詞"}
# 「A と B を」, 「A や、B は」: two items joined, then the particle that hands them to the predicate
_AND = ("と", "や")
_HANDS_ON = ("を", "が", "は", "に")
_LIMIT = 30
_SHORT_ITEMS = 12


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


def is_item(tokens: list[Token]) -> bool:
    """A noun phrase that may carry its own relative clause (収入が わかる 書類), but no topic or object."""
    if len(tokens) >= 2 and tokens[-2].pos1 == "助詞" and tokens[-2].surface != "の":
        return False  # 「ことに 気を つける」: a set phrase, not an item
    return bool(tokens) and (tokens[-1].pos1 in _NOUNISH or tokens[-1].surface == "など") and not any(
        t.pos1 == "補助記号" or (t.surface in ("は", "を") and t.pos1 == "助詞") or t.pos2 == "数詞" for t in tokens) \
        and not _adverb_before(tokens)


def _adverb_before(tokens: list[Token]) -> bool:
    """「定期的に 建物」: a に or で with no verb after it says how the predicate is done; it is no part of the item
    (「市に 住む 人」 is: its verb takes the に)."""
    return any(t.surface in ("に", "で") and not any(u.is_verb or u.pos1 == "形容詞" for u in tokens[i + 1:])
               for i, t in enumerate(tokens))


def _co_subject(tokens: list[Token]) -> bool:
    """「子どもと 親が 遊べる ところ」: a bare noun and が right after と make A and B one clause's subject."""
    run = next((j for j, t in enumerate(tokens) if t.pos1 not in _NOUNISH), len(tokens))
    return 0 < run < len(tokens) and tokens[run].surface in ("が", "は")


# the kind of place the items share, said as a word of its own (北区・南区 → つぎの区; 〇〇小学校 → つぎの学校)
_PLACE_KINDS = {"区": "区", "市": "市", "町": "町", "駅": "駅", "公園": "公園", "校": "学校", "センター": "センター"}


def _place_head(items: list[str]) -> str:
    """「つぎの区」 when every item names the same kind of place, else 「つぎのところ」."""
    kind = next((word for suffix, word in _PLACE_KINDS.items()
                 if all(i.endswith(suffix) and len(i) > len(suffix) for i in items)), "ところ")
    return "つぎの" + kind


def _head(items: list[str]) -> str:
    if all(i.endswith("人") for i in items):
        return "つぎの人"
    if all(i.endswith("こと") for i in items):
        return "つぎのこと"
    return _place_head(items) if all(i.endswith(_PLACES) for i in items) else "つぎのもの"


def _pair(sentence: str) -> list[str]:
    """「…、A と B を 持ってきてください。」 (too long) → 「…、つぎの ものを 持ってきてください。」 and two items.

    A and B are what lies between the last 、 before the と / や and the last を/が/は/に after it (before
    any 、) that leaves both noun phrases; an earlier one only when no verb lies between (「ことに 気を」),
    so 「川の 水が ふえる ことなどの 被害に」 is never cut after 川の 水.
    """
    if len(sentence) <= _LIMIT:
        return [sentence]
    tokens = tokenize(sentence)
    for k, token in enumerate(tokens[1:-1], start=1):
        if token.surface not in _AND or token.pos1 != "助詞" or tokens[k - 1].pos1 not in _NOUNISH \
                or tokens[k + 1].is_verb:
            continue  # 「投票所と していた 体育館」, 「会場と なる 公民館」: a role or a result, not a second item
        left = max((j + 1 for j in range(k) if tokens[j].surface == "、"), default=0)
        second = k + 2 if tokens[k + 1].surface == "、" else k + 1
        stop = next((j for j in range(second, len(tokens)) if tokens[j].surface == "、"), len(tokens))
        ends = [j for j in range(second + 1, stop) if tokens[j].surface in _HANDS_ON and tokens[j].pos1 == "助詞"]
        end = next((j for j in reversed(ends) if is_item(tokens[second:j])
                    and not any(t.is_verb or t.pos1 == "形容詞" for t in tokens[j + 1:ends[-1]])), None)
        if end is None or not is_item(tokens[left:k]) or _co_subject(tokens[second:end]) \
                or any(t.surface == "など" for t in tokens[second:end - 1]) \
                or _act(sentence[tokens[left].start:token.start]):
            # 「Aや Bなどの 被害」: the と / や is inside the item, not between two; 「ひっこす ことや 保険を かえる
            # こと」 joins two acts, and the second's object is no item
            continue
        items = [sentence[tokens[left].start:tokens[k - 1].end], sentence[tokens[second].start:tokens[end - 1].end]]
        if len("".join(items)) < _SHORT_ITEMS:
            continue  # 「ライトや 薬を」 reads at once: a list would not make the sentence any shorter
        return [sentence[:tokens[left].start] + _head(items) + sentence[tokens[end].start:], *("・" + i for i in items)]
    return [sentence]


def make_list(sentence: str) -> list[str]:
    """``[sentence]``, or the sentence with its items replaced by 「つぎの もの」 followed by "・item" lines."""
    for rule in (_examples, _three):
        if len(listed := rule(sentence)) > 1:
            return listed
    if len(listed := _three(sentence, _joined_by_comma(sentence))) > 1:
        return listed
    if len(listed := _pair(sentence)) > 1:
        return listed
    return _kind_pair(sentence)


# the kind two ・-joined names share, said as a word of its own (市民税・県民税 → つぎの 税金)
_KINDS = {**_PLACE_KINDS, "税": "税金"}


def _noun_run(tokens: list[Token], k: int, step: int) -> int:
    """The index past the noun-like tokens written against tokens[k] going ``step`` (-1: back, 1: on)."""
    j = k
    while 0 <= j + step < len(tokens) and tokens[j + step].pos1 in _NOUNISH \
            and (tokens[j + step].end == tokens[j].start if step < 0 else tokens[j + step].start == tokens[j].end):
        j += step
    return j


def _kind_pair(sentence: str) -> list[str]:
    """「A税・B税の …」 (too long) → 「つぎの 税金の …」 and the two names: names of one kind read as a list.

    Two names alone are a list only when they share a kind the list's head can name (税, 区, 駅 …);
    「貸出・返却」 and a katakana name (ジョン・スミス) stay as they are.
    """
    if len(sentence) <= _LIMIT:
        return [sentence]
    tokens = tokenize(sentence)
    for k, token in enumerate(tokens[1:-1], start=1):
        if token.surface != "・" or tokens[k - 1].pos1 not in _NOUNISH or tokens[k + 1].pos1 not in _NOUNISH:
            continue
        first, last = _noun_run(tokens, k - 1, -1), _noun_run(tokens, k + 1, 1)
        items = [sentence[tokens[first].start:token.start], sentence[tokens[k + 1].start:tokens[last].end]]
        kind = next((word for suffix, word in _KINDS.items()
                     if all(i.endswith(suffix) and len(i) > len(suffix) for i in items)), None)
        if kind is None or _KATAKANA.match(items[0][-1]):
            continue
        said = sentence[:tokens[first].start] + "つぎの" + kind + sentence[tokens[last].end:]
        return [said, *("・" + i for i in items)]
    return [sentence]


_KATAKANA = re.compile(r"[ァ-ヶー]")
_WITH = {"一緒", "いっしょ", "共", "とも"}


def _joined_by_comma(sentence: str) -> str:
    """``sentence`` with the と and ・ that join two nouns written 、 (one character for one: offsets stay).

    「図書の貸出・返却・予約」, 「水と食料と毛布」, 「銀行や コンビニ、区役所など」 are lists as much as
    「A、B、C」; a ・ inside a
    katakana name (ジョン・スミス) joins no items.
    """
    tokens = tokenize(sentence)
    chars = list(sentence)
    for k, token in enumerate(tokens[1:-1], start=1):
        before, after = tokens[k - 1], tokens[k + 1]
        # 「貸出・かえすこと・予約」: an item said as a verb phrase still ends in a noun; と, や need one on each side
        if before.pos1 not in _NOUNISH or (after.pos1 not in _NOUNISH and token.surface in ("と", "や")):
            continue
        if token.surface == "と" and after.surface in _WITH:
            continue  # 「ペットと 一緒に にげる 人」: with, not and
        name = bool(_KATAKANA.match(before.surface[-1]) and _KATAKANA.match(after.surface[0]))
        if (token.surface in ("と", "や") and token.pos1 == "助詞") or (token.surface == "・" and not name):
            chars[token.start] = "、"
    return "".join(chars)


def _items_before(tokens: list[Token], end: int) -> tuple[int, list[tuple[int, int]]]:
    """(where the items start, their token ranges) of 「A や B、C」 just before tokens[end]: or 、, walking back."""
    items: list[tuple[int, int]] = []
    stop = end
    for j in range(end - 1, -1, -1):
        if tokens[j].surface == "、" or (tokens[j].surface == "や" and tokens[j].pos1 == "助詞"):
            if j + 1 == stop or not is_item(tokens[j + 1:stop]):
                return stop, items
            items.insert(0, (j + 1, stop))
            stop = j
    if stop and is_item(tokens[:stop]):
        items.insert(0, (0, stop))
        stop = 0
    return stop, items


def _head_noun(tokens: list[Token]) -> bool:
    """A noun phrase that may carry a relative clause with its own object (気を くばる ことが いる 人)."""
    return bool(tokens) and tokens[-1].pos1 in ("名詞", "接尾辞") and not any(
        t.pos1 == "補助記号" or (t.surface == "は" and t.pos1 == "助詞") for t in tokens)


# a head that names how one is, not a kind of thing: 「体の 具合が 悪く なります」 has no 「つぎの 具合」
_STATES = {"具合", "ぐあい", "様子", "ようす", "調子"}


def _examples(sentence: str) -> list[str]:
    """「A や B、C など、(head)は …」 (too long) → 「(head)は …」, 「たとえば、つぎの(人)です。」 and the items.

    Three or more examples before the noun they are examples of: the sentence says the head noun, the
    list the examples; the head's last noun (人, もの) names the list. Two or more said as clauses
    (「目が ちかちかする、のどが 痛いなど、体の 具合が 悪い ときは」) are 「つぎのような ときです。」, and with no
    head of their own (「…痛いなどの ときは、」) 「つぎのような ときは、」.
    """
    if len(sentence) <= _LIMIT:
        return [sentence]
    tokens = tokenize(sentence)
    for n, token in enumerate(tokens[:-2]):
        if token.surface != "など" or tokens[n + 1].surface not in ("、", "の"):
            continue
        start, spans = _items_before(tokens, n)
        clauses = len(spans) < 3
        if clauses:
            start, spans = _clauses_before(tokens, n)
            if len(spans) < 2:
                continue
        comma = next((j for j in range(n + 2, len(tokens)) if tokens[j].surface == "、"), len(tokens))
        # the head ends at the clause's last particle (…人は、 / …ものを 用意して): 「特に 気を くばる …」 is not it
        h = next((j for j in range(comma - 1, n + 2, -1)
                  if tokens[j].pos1 == "助詞" and tokens[j].surface in _HANDS_ON), None)
        if h is None or tokens[h - 1].pos1 not in ("名詞", "接尾辞") or not _head_noun(tokens[n + 2:h]):
            continue
        items = ["・" + sentence[tokens[a].start:tokens[b - 1].end] for a, b in spans]
        # 「避難する際は、水や…など、必要な物を」: the comma before the examples stays with what precedes them
        cut = tokens[start].end if tokens[start].surface == "、" else tokens[start].start
        if clauses and tokens[n + 1].surface == "の":
            return [sentence[:cut] + "つぎのような" + sentence[tokens[n + 2].start:], *items]
        said = sentence[:cut] + sentence[tokens[n + 2].start:]
        head = tokens[h - 1].surface
        if tokens[h - 1].pos1 == "接尾辞" and h >= 2 and tokens[h - 2].end == tokens[h - 1].start:
            head = tokens[h - 2].surface + head  # 使い + 方: 「つぎの 使い方」, not 「つぎの 方」
        kind = "ようなこと" if head in _STATES else ("ような" if clauses else "") + head
        return [said, f"たとえば、つぎの{kind}です。", *items]
    return [sentence]


def _clause(tokens: list[Token]) -> bool:
    """「目が ちかちかする」, 「のどが 痛い」: a short clause in the plain present, with no topic of its own."""
    last = tokens[-1] if tokens else None
    return last is not None and (last.is_verb or last.pos1 == "形容詞" or last.surface == "ない") \
        and last.c_form.startswith("終止形") and len(tokens) <= 8 \
        and not any(t.pos1 == "補助記号" or (t.surface == "は" and t.pos1 == "助詞") for t in tokens)


def _clauses_before(tokens: list[Token], end: int) -> tuple[int, list[tuple[int, int]]]:
    """As _items_before, for examples said as clauses and joined by 、 alone."""
    spans: list[tuple[int, int]] = []
    stop = end
    for j in range(end - 1, -2, -1):
        if j >= 0 and tokens[j].surface != "、":
            continue
        if not _clause(tokens[j + 1:stop]):
            break
        spans.insert(0, (j + 1, stop))
        stop = max(j, 0)
    return stop, spans


def _act(item: str) -> bool:
    """「本を かりる こと」, 「市税を 滞納して いない こと」: an act said as a verb clause with its own object is one
    item, not a noun's tail; so is a state with its own subject (「所得が 基準額以下で ある こと」)."""
    tokens = tokenize(item)
    return len(tokens) >= 2 and tokens[-1].surface == "こと" and (tokens[-2].is_verb or tokens[-2].surface == "ない") \
        and not any(t.pos1 == "補助記号" or (t.pos1 == "助詞" and t.surface == "は") for t in tokens) \
        and not (len(tokens) >= 3 and tokens[-3].surface == "が")  # 「水が ある こと」 is no act, 「…ことが」 no item


_TIMES = {"後", "あと", "前", "まえ", "とき", "時", "際", "間", "あいだ"}


def _when(item: str) -> bool:
    """「トイレの 後」, 「食事の 前」: a time (a noun that says when), not a thing to list."""
    tokens = tokenize(item)
    return bool(tokens) and tokens[-1].surface in _TIMES


# the last item's own act after の (予約資料の 受け取りが できません): the act is that item's alone
_LAST_ACT = re.compile(r"(?P<act>[^、。\s「」（）をがはにでのもへ]{1,10})(?P<p>が|は)(?=でき)")
# the last item's own head noun after の (水、食べ物、子どもの 服などを): the item is 「子どもの 服」, not 「子ども」
_LAST_NOUN = re.compile(r"(?P<noun>[^、。\s「」（）をがはにでのもへ]{1,10}?)(?P<etc>など|等)?"
                        r"(?P<p>を|が|は|に|で|も|へ)")


_PARTICLE_CHARS = frozenset("をがはにでのもへかま")
# 「いつもの」 (常備薬 → いつもの 薬) says which one, as a word; a も before の (着る もの) ends no list
_NOT_A_PARTICLE = re.compile("いつもの|も(?=の)")


def _real_particles(text: str, sentence: str) -> str:
    """``text`` with the particle letters inside other words (にもつ, はがき) blanked, offsets kept.

    A list's particle hands the items to the predicate: cut at the も of 「いつもの 薬」 (which the analyser
    reads as a particle) or of 「着る もの」, 「水、食べ物、いつもの 薬」 would read 「・いつ」 and 「もの 薬」.
    """
    chars = list(text)
    for token in tokenize(sentence):
        if token.pos1 != "助詞":
            for i in range(token.start, token.end):
                chars[i] = "＿" if chars[i] in _PARTICLE_CHARS else chars[i]
    return _NOT_A_PARTICLE.sub(lambda m: "＿" * len(m.group(0)), "".join(chars))


def _three(sentence: str, joined: str | None = None) -> list[str]:
    """「A、B、C を」 → 「つぎの ものを」 and the items; ``joined`` is ``sentence`` with its と / ・ written 、."""
    text = sentence if joined is None else joined
    blanked = _real_particles(text, sentence)
    etc = _ETC_ITEMS.search(blanked.replace("など＿す", "などです"))  # です's で is no particle, but ends the items
    if etc is not None and len(listed := _listed(sentence, text, etc, lambda i: is_item(tokenize(i)))) > 1:
        return listed
    match = _ITEMS.search(blanked)
    if match is None:
        return [sentence]
    return _listed(sentence, text, match)


def _listed(sentence: str, text: str, match: re.Match[str],
            also: Callable[[str], bool] = lambda _: False) -> list[str]:
    """The sentence with the items ``match`` found in ``text`` said as 「つぎの もの」, and the items; ``also``
    accepts an item the noun-phrase and act tests do not."""
    items = text[match.start("items"):match.end("items")].split("、")
    while len(items) >= 3 and not _noun_tail(items[0]):
        items.pop(0)  # 「避難の際は、水、…」: the list starts after the clause
    first = (items[0] if _is_noun_phrase(items[0]) or _act(items[0]) else _noun_tail(items[0])) \
        if len(items) >= 3 else ""
    if not first or first == "こと" or any(c.isdigit() for c in "".join(items[1:]) + first):
        return [sentence]  # items with numbers are dates, amounts, addresses: cutting them could split a number
    if not all(_is_noun_phrase(i) or _act(i) or also(i) for i in [first, *items[1:]]) or any(map(_when, items)):
        return [sentence]
    items[0] = first
    start = match.start("items") + len(match["items"]) - len("、".join(items))
    tail, particle, etc = sentence[match.end():], match["particle"], match["etc"]
    if particle == "の" and tail.startswith("どれか"):  # 「A、B、Cの どれかで」: one of them, not each
        places = all(i.endswith(_PLACES) for i in items)
        rewritten = sentence[:start] + "つぎの" + ("ところの" if places else "") + tail
        return [rewritten, *("・" + item for item in items)]
    if etc and particle == "の":
        return [sentence]  # 「A、B、Cなどの 使い方」: examples of the noun after の (_examples)
    if particle == "の" and (act := _LAST_ACT.match(tail)):  # 「貸出、返却、予約資料の 受け取りが できません」
        items[-1] += "の" + act["act"]
        tail, particle = tail[act.end():], act["p"]
    elif particle == "の" and not tail[:1].isdigit() and (noun := _LAST_NOUN.match(tail)) \
            and _is_noun_phrase(noun["noun"]):
        items[-1] += "の" + noun["noun"]
        tail, particle, etc = tail[noun.end():], noun["p"], noun["etc"]
    places = all(i.endswith(_PLACES) for i in items)
    # 「貸出、返却、受け取りが できません」: what can or cannot be done are acts, not things
    acts = particle in ("が", "は") and tail.startswith("でき")
    head = _place_head(items) if places else "つぎのこと" if acts or all(i.endswith("こと") for i in items) \
        else "つぎのもの"
    if particle == "の" and tail[:1].isdigit():  # 「A、B、Cの3か所」 → 「つぎの3か所」
        head, particle = "つぎの", ""
    else:
        particle = ((etc and "など") or "") + particle
    rewritten = sentence[:start] + head + particle + tail
    return [rewritten, *("・" + item for item in items)]
