"""One idea per sentence by moving a part out of it: a phone number in brackets, 「〜を対象に、」.

「粗大ごみ受付センター（048-637-5300）に電話で申し込んでください。」 carries a number in the middle of a
request; said as the request, then a 「粗大ごみ受付センター：048-637-5300」 line, each part reads at once
(and a screen reader or a relay operator says the number on its own).
"""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import conjugate
from notifier.rendering.easy.dates import PHONE
from notifier.rendering.easy.furigana import reading
from notifier.rendering.easy.lexicon import word_matcher, words
from notifier.rendering.easy.lists import is_item
from notifier.rendering.easy.sentences import HELD_IN_MIND, polite_ending
from notifier.rendering.easy.spans import split_day_and_time, split_days_and_hours, split_span

_BRACKETED_PHONE = re.compile(rf"[（(](?P<phone>{PHONE.pattern})[）)]")
_OFFICE_END = ("課", "局", "署", "室", "係", "所", "センター", "事務所", "窓口", "会")
_NAME_POS = {"名詞", "接尾辞", "接頭辞", "形容詞"}  # 大きいごみ受付センター
# 「65歳以上の人を対象に、インフルエンザの予防接種をしています。」
_TARGET = re.compile(r"^(?P<topic>[^、。]{1,10}(?:では|は)、)?(?P<who>[^、。]{2,40}?)を対象に(?:して)?、"
                     r"(?P<rest>.+?)(?P<end>[。！？]?)$")


def _name_before(text: str, end: int) -> str:
    """The noun run just before ``end`` (防災課, 粗大ごみ受付センター), or "" when it is not an office's name."""
    tokens = [t for t in tokenize(text[:end]) if t.end <= end]
    start = end
    for token in reversed(tokens):
        if token.pos1 not in _NAME_POS or token.end != start:
            break
        start = token.start
    name = text[start:end]
    return name if name.endswith(_OFFICE_END) else ""


def phone_lines(sentence: str) -> list[str]:
    """The sentence without its bracketed phone numbers, then a 「name：number」 line for each."""
    if _BRACKETED_PHONE.search(sentence) is None or re.match(r"^[^。、]{1,20}：", sentence):
        return [sentence]
    lines: list[str] = []
    for match in _BRACKETED_PHONE.finditer(sentence):
        lines.append(f"{_name_before(sentence, match.start()) or '電話'}：{match['phone']}")
    return [_BRACKETED_PHONE.sub("", sentence), *lines]


# 「公民館では、操作に 不安が ある 人を 対象と した「スマートフォン教室」の 受講者を あつめます。」: for whom, said
# as a clause on the name of what is offered
_TARGETED = re.compile(r"(?:^|(?<=、))(?P<who>[^、。「」]{2,40}?)を対象と(?:した|する)(?=[^、。])")


def target_last(sentence: str, limit: int = 30) -> list[str]:
    """「(市では、)X を対象に、Y します。」 → 「(市では、)Y します。」 and 「X が 対象です。」: what, then for whom;
    so is a long sentence with 「X を対象とした (name)」."""
    match = _TARGET.match(sentence)
    if match is None and len(sentence) > limit and (targeted := _TARGETED.search(sentence)):
        return [sentence[:targeted.start()] + sentence[targeted.end():], f"{targeted['who']}が対象です。"]
    if match is None:
        return [sentence]
    return [(match["topic"] or "") + match["rest"] + (match["end"] or "。"), f"{match['who']}が対象です。"]


def _ends_a_noun_phrase(tokens: list[Token]) -> bool:
    """「給料だけで 年末調整を 受けた 人」: a noun, with any clause before it, but no topic and no comma."""
    return tokens[-1].pos1 in ("名詞", "接尾辞") \
        and not any(t.pos1 == "補助記号" or (t.surface == "は" and t.pos1 == "助詞") for t in tokens)


# 「住民税が 非課税の 家族に、1家族 30,000円の 給付金を 出します。」: what is given, then to whom
_GIVEN_TO = re.compile(r"^(?P<who>[^、。]{4,30}?(?:人|家族|家庭|子ども|人たち))に、"
                       r"(?P<rest>[^、。][^。]{7,}を(?:出し|送り|くばり|わたし|配り|届け)(?:ます|ました)[。！]?)$")


def given_to(sentence: str, limit: int = 30) -> list[str]:
    """A long 「(people)に、(thing)を 出します / 送ります」 → the giving, then 「(people)が 対象です。」 as
    target_last says 「〜を対象に、」."""
    match = _GIVEN_TO.match(sentence) if len(sentence) > limit else None
    return [match["rest"], f"{match['who']}が対象です。"] if match else [sentence]


def split_ya(sentence: str, limit: int = 30) -> list[str]:
    """「A や、B を します。」 (too long) → 「A を します。」 and 「B も します。」: one thing per sentence.

    The predicate is what follows the は/が/を that ends the second item, so it is said for both: the last
    one before which the item is still a noun phrase (「場所に ある 水道管は こおりやすいので 気を つけて」 ends
    at 水道管は, not at 気を); a long predicate is not repeated (the sentence stays as it was).
    """
    if len(sentence) <= limit:
        return [sentence]
    tokens = tokenize(sentence)
    cut = next((k for k, t in enumerate(tokens[:-1]) if t.surface == "や" and tokens[k + 1].surface == "、"
                and k and tokens[k - 1].pos1 in ("名詞", "接尾辞")), None)
    if cut is None:
        return [sentence]
    rest = tokens[cut + 2:]
    marker = next((t for j, t in reversed(list(enumerate(rest))) if t.pos1 == "助詞" and t.surface in ("は", "が", "を")
                   and j and _ends_a_noun_phrase(rest[:j])), None)
    if marker is None or len(sentence) - marker.end > 16:
        return [sentence]
    predicate = sentence[marker.end:]
    first = sentence[:tokens[cut].start] + marker.surface + predicate
    second = sentence[rest[0].start:marker.start] + "も" + predicate
    return [first, second]


# 「…人は、住んでいる区の区役所で 罹災証明書の 申し込みが できます。」: the place between commas, or the
# office a form goes to (「…ときは、住んでいる区の区役所保険年金課へ 連絡してください。」); 「…区役所でも」 is a
# place besides another (ホームページの ほかに), and 「場所は …です」 would drop the も
_PLACE_HEAD = "区役所|市役所|役所|支所|出張所|窓口|センター|公民館|図書館|保健所|会場|体育館|路上|公園|駅|交差点"
_OFFICE_HEAD = "課|係|室|局|窓口|センター|区役所|市役所|役所|支所|事務所|保健所|病院"
_WHERE = re.compile(rf"(?:^|(?<=、))(?P<where>[^、。（）「」]{{2,24}}?(?:{_PLACE_HEAD}))で(?!も)、?"
                    rf"(?P<rest>[^、。]{{8,}})$")
_TO = re.compile(rf"(?<=、)(?P<where>[^、。（）「」]{{2,24}}?(?:{_OFFICE_HEAD}))[へに](?P<rest>[^、。]{{4,12}})$")
# 「…人は、3月15日（月曜日）までに 申告を してください。」: the deadline of a request said on its own
# (「来年の 3月31日までに」: the year word goes with the day, or 「来年の 申し込んで ください」 is left behind)
_DEADLINE = re.compile(r"(?P<day>(?:令和\d+年|\d{4}年|(?:来年|今年|ことし|翌年)の?)?\d{1,2}月\d{1,2}日(?:（.曜日）)?)"
                       r"までに、?"
                       # a day said in words: 「保険料を つぎの 月の さいごの 日までに はらって ください」
                       r"|(?:(?<=[をは、])|^)(?P<named>[^、。をはがにで]{2,14}日)までに、?")
_AUXILIARY_VERBS = {"いる", "居る", "ある", "有る", "くる", "来る", "おく", "置く", "みる", "見る", "しまう", "いく",
                    "行く", "くださる", "下さる", "する", "為る", "なる", "成る"}
_BY_TIME = re.compile(r"(?:^|(?<=、))(?P<time>[^、。]{0,12}?(?:午前|午後|朝|夜)?\d{1,2}時(?:\d{1,2}分)?)までに、")
_REQUEST = re.compile(r"(?:ください|なければなりません)[。！]?$")
# 「気象庁によると、…雨が降るかもしれません。」: who says so, then what they say
_SOURCE = re.compile(r"^(?P<who>[^、。]{2,12})によると、(?P<rest>.{8,})$")


def _noun_phrase(text: str) -> bool:
    """No particle of the sentence's own: one inside a relative clause (市に ある 病院) has its verb after it."""
    tokens = tokenize(text)
    return not any(t.pos1 == "助詞" and t.surface in ("は", "が", "を", "に", "へ")
                   and not any(v.is_verb for v in tokens[k + 1:]) for k, t in enumerate(tokens))


def _dictionary_form(predicate: str) -> str:
    """「連絡してください」 → 連絡する, 「出してください」 → 出す; "" when it does not start with a verb."""
    tokens = tokenize(predicate)
    if len(tokens) >= 2 and tokens[0].pos3 == "サ変可能" and tokens[1].base == "する":
        return tokens[0].surface + "する"
    if not tokens or not tokens[0].is_verb or tokens[0].base in _AUXILIARY_VERBS:  # 出す is 非自立可能 too
        return ""
    if len(tokens) >= 2 and tokens[1].pos1 == "助動詞":  # 知ら + せ: the verb is 知らせる, not 知る
        return tokens[0].surface + tokens[1].base if tokens[1].base in ("せる", "させる") else ""
    return tokens[0].base


def _after_adverb(predicate: str) -> str:
    """「直接 予約して ください」 → 「予約して ください」: the verb comes after how it is done."""
    tokens = tokenize(predicate)
    k = 1 if tokens and tokens[0].pos1 == "副詞" else 0
    k += 1 if k and len(tokens) > k and tokens[k].surface == "に" else 0
    return predicate[tokens[k].start:] if k and len(tokens) > k else predicate


def split_where(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with 「(place)で …」 after a comma → the sentence without it, then 「場所は (place)です。」.

    「(office)へ 連絡してください」 → 「連絡してください。」 and 「連絡する ところは (office)です。」
    """
    body = sentence.rstrip("。！？")
    if len(sentence) <= limit or _BRING in body:
        return [sentence]  # 「通帳を 持って、区役所で…」: what to bring is said apart first (bring_apart)
    if (match := _WHERE.search(body)) and _noun_phrase(match["where"]):
        return [body[:match.start()] + match["rest"] + sentence[len(body):], f"場所は{match['where']}です。"]
    if (match := _TO.search(body)) and _noun_phrase(match["where"]) \
            and (verb := _dictionary_form(_after_adverb(match["rest"]))):
        return [body[:match.start()] + match["rest"] + sentence[len(body):], f"{verb}ところは{match['where']}です。"]
    return [sentence]


def _requested_verb(request: str) -> str:
    """「…ところへ 出してください。」 → 出す: the verb a 〜てください request asks for ("" when none)."""
    tokens = tokenize(request)
    k = next((k for k in range(len(tokens) - 1, 1, -1) if tokens[k].surface == "ください"
              and tokens[k - 1].surface in ("て", "で")), None)
    if k is None:
        return ""
    verb = k - 2
    if tokens[verb].base == "する" and verb and tokens[verb - 1].pos3 == "サ変可能":
        verb -= 1
    return _dictionary_form(request[tokens[verb].start:])


def split_deadline(sentence: str, limit: int = 30) -> list[str]:
    """A long request with 「(day)までに」 → the request, then 「締め切りは (day)です。」.

    A time of day (「あつめる日の 朝8時30分までに、」) is said with the verb: 「出す 時間は、… までです。」
    """
    if len(sentence) <= limit or not _REQUEST.search(sentence):
        return [sentence]
    if (match := _DEADLINE.search(sentence)) and len(rest := sentence[:match.start()] + sentence[match.end():]) >= 10:
        return [rest, f"締め切りは{match['day'] or match['named']}です。"]
    if (match := _BY_TIME.search(sentence)) and (verb := _requested_verb(sentence)):
        return [sentence[:match.start()] + sentence[match.end():], f"{verb}時間は、{match['time']}までです。"]
    return [sentence]


# 「…人は、毎年6月に 現況届を 出さなければ なりません。」: the month of a duty said on its own
_ON_DAY = re.compile(r"(?<=、)(?P<when>(?:毎年|毎月)?\d{1,2}月(?:\d{1,2}日(?:（.曜日）)?)?)に(?![はもで])")


def _obliged_verb(sentence: str) -> str:
    """「…出さなければ なりません」 → 出す, 「…出して ください」 → 出す ("" when neither)."""
    tokens = tokenize(sentence)
    k = next((k for k in range(len(tokens) - 1, 0, -1) if tokens[k].surface == "なけれ"), None)
    if k is None:
        return _requested_verb(sentence)
    verb = tokens[k - 1]
    if verb.base == "する" and k >= 2 and tokens[k - 2].pos3 == "サ変可能":
        return tokens[k - 2].surface + "する"
    return verb.base if verb.is_verb and verb.base not in _AUXILIARY_VERBS else ""


def split_on_day(sentence: str, limit: int = 30) -> list[str]:
    """A long duty or request with 「(month)に」 after a comma → it without the month, then 「(V)のは (month)です」."""
    if len(sentence) <= limit or not _REQUEST.search(sentence) or (match := _ON_DAY.search(sentence)) is None:
        return [sentence]
    verb = _obliged_verb(sentence)
    return [sentence[:match.start()] + sentence[match.end():], f"{verb}のは{match['when']}です。"] if verb \
        else [sentence]


# 「本を かえす 締め切りは、4月7日（水曜日）まで のばします。」: a changed deadline and the new one, two ideas
_EXTENDED = re.compile(r"^(?P<what>[^。]{2,}?(?P<head>締め切り|しめきり|期間|期限))は、?"
                       r"(?P<day>(?:令和\d+年|\d{4}年)?\d{1,2}月\d{1,2}日(?:（.曜日）)?)まで"
                       r"(?P<verb>のばします|のばしました|のびます|のびました)。$")


def split_extension(sentence: str) -> list[str]:
    """「(deadline)は、(day)まで のばします。」 → 「(deadline)を のばします。」「あたらしい (deadline)は (day)です。」.

    A period (期間) runs to its day: 「あたらしい 期間は (day)までです。」
    """
    if (match := _EXTENDED.match(sentence)) is None:
        return [sentence]
    particle = "を" if match["verb"].startswith("のばし") else "が"
    until = "まで" if match["head"] == "期間" else ""
    return [f"{match['what']}{particle}{match['verb']}。", f"あたらしい{match['head']}は{match['day']}{until}です。"]


def split_source(sentence: str, limit: int = 30) -> list[str]:
    """「(who)によると、(what)」 (too long) → 「(who)の 知らせです。」 and what they say."""
    match = _SOURCE.match(sentence) if len(sentence) > limit else None
    return [f"{match['who']}の知らせです。", match["rest"]] if match else [sentence]


# 「口座振替（銀行から自動で はらう しくみ）を 使う 人は、…」: a key term with its gloss in brackets
_SHORT_GLOSS = 5
_GLOSSED = re.compile(r"(?P<term>[一-龥ァ-ヶー々]{2,12})（(?P<gloss>[^（）、。]{2,20})）")


def define_terms(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with a glossed key term → 「(term)は、(gloss)です。」 first, then the sentence without the gloss.

    Only the glosses the word list gave (the first time a key term is said); a gloss that is not a
    noun phrase or a plain clause (避難指示（すぐ にげて）) stays in its brackets.
    """
    if len(sentence) <= limit or not sentence.endswith(("。", "！", "？")):  # a heading keeps its glosses
        return [sentence]
    found: list[tuple[re.Match[str], str]] = []
    for m in _GLOSSED.finditer(sentence):
        if (term := _glossed_term(m["term"], m["gloss"])) and _told(m["gloss"], {t for _, t in found}):
            found.append((m, term))
    if not found:
        return [sentence]
    definitions = [f"{term}は、{m['gloss']}{_koto(m['gloss'])}です。" for m, term in found]
    for match, _ in reversed(found):
        sentence = sentence[:match.end("term")] + sentence[match.end():]
    # 「警報器は、…機械です。」 then 「10年を目安に交換してください。」: the topic is not said twice
    topic = f"{found[0][0]['term']}は、"
    return [*definitions, sentence.removeprefix(topic) if sentence.startswith(topic) else sentence]


def _told(gloss: str, defined: set[str]) -> bool:
    """The gloss says what its term is in words the reader has: its head is no word of the word list that the
    sentence's definitions have not given before. 「災害は、大きな 被害です。」 defines one hard word with
    another; 「罹災証明書は、被害が あった ことを 書いた 紙です。」 says what it is (a paper)."""
    tokens = tokenize(gloss)
    starts = {t.start for t in tokens}
    return not any(word not in defined and _KANJI_WORD.search(word) and pos + len(word) == len(gloss)
                   for pos in starts for word in word_matcher().candidates(gloss, pos))


_KANJI_WORD = re.compile(r"[一-龥]{2}")


def _glossed_term(term: str, gloss: str) -> str:
    """The key term the gloss is for: the run itself, or its end (一時避難場所（にげる ところ） glosses 避難場所)."""
    return next((term[k:] for k in range(len(term) - 1) if _is_gloss(term[k:], gloss)), "")


def _is_gloss(term: str, gloss: str) -> bool:
    entry = words().get(term)
    if entry is None or not entry.keep_with_gloss or entry.easy.replace(" ", "") != gloss or len(gloss) < _SHORT_GLOSS:
        return False  # 地震（ゆれ）: a word's worth of gloss reads best where it is
    last = tokenize(gloss)[-1]
    return last.pos1 in ("名詞", "接尾辞", "動詞", "形容詞") or last.surface == "ない"


def _koto(gloss: str) -> str:
    """「水が 出ない」 is a clause: 断水は、水が 出ない ことです (a noun phrase takes nothing)."""
    last = tokenize(gloss)[-1]
    noun = last.pos1 in ("名詞", "接尾辞") or last.c_form.startswith("連用形")  # しくみ is a noun made of a verb
    return "" if noun else "こと"


# 「手つづきは、通帳と届出印を持って、銀行の受付でできます。」: what to bring, then where it is done
_BRING = "を持って、"


def _things(before: str) -> str:
    """The things of 「…、A、B、Cを持って」: the 、-joined noun phrases at the end of ``before``."""
    pieces = before.split("、")
    k = len(pieces)
    while k and is_item(tokenize(pieces[k - 1])):
        k -= 1
    return "、".join(pieces[k:])


def bring_apart(sentence: str, limit: int = 30) -> list[str]:
    """A long statement with 「(things)を持って、」 → the statement, then 「(things)を持っていってください。」.

    Where the statement asks the reader to come (「…会場に来ます」) they bring it: 持ってきてください.
    """
    body = sentence.rstrip("。！？")
    at = body.find(_BRING)
    if len(sentence) <= limit or at < 0 or _REQUEST.search(body):
        return [sentence]  # 「…を持って、来てください」 is split as two requests already
    what, rest = _things(body[:at]), body[at + len(_BRING):]
    where = any(t.pos1 == "助詞" and t.surface in ("で", "に", "へ") for t in tokenize(rest))
    if len(what) < 2 or len(rest) < 4 or not where or what.endswith(tuple(HELD_IN_MIND)):
        return [sentence]  # 「責任を 持って、安全を 守ります」: nothing is brought anywhere
    go = "きて" if any(t.is_verb and t.base in ("来る", "くる") for t in tokenize(rest)) else "いって"
    return [body[:at - len(what)] + rest + sentence[len(body):], f"{what}を持って{go}ください。"]


# 「にげる ときは、動きやすい 服で、ライトを 持って いって ください。」: what to wear and what to take, two requests
_WEAR = re.compile(r"^(?P<when>[^、。]{2,12}ときは、)?(?P<clothes>[^、。]{1,12}服)で、"
                   r"(?P<rest>[^、。][^。]{3,}ください[。！]?)$")


def wear_apart(sentence: str, limit: int = 30) -> list[str]:
    """A long request with 「(clothes)で、」 → 「(clothes)を 着て ください。」, then the rest of the request."""
    match = _WEAR.match(sentence) if len(sentence) > limit else None
    return [f"{match['when'] or ''}{match['clothes']}を着てください。", match["rest"]] if match else [sentence]


# 「犬の 飼い主は、年に1回、犬に 予防注射を 受けさせなければ なりません。」: how often, said of the thing done
_OFTEN = re.compile(r"(?<=、)(?P<often>(?:1?年|1?か?月|1?週間?|1?日)に\d+回)、"
                    r"(?P<pre>[^、。]*?[にでへ])?(?P<obj>[^、。にでへをはが]{2,20})を")


def split_often(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with 「(年に1回)、」 between commas → the sentence without it, then 「(obj)は 年に1回です。」."""
    match = _OFTEN.search(sentence) if len(sentence) > limit else None
    if match is None:
        return [sentence]
    said = f"{_head(match['obj'])}は{match['often']}です。"
    return [sentence[:match.start()] + sentence[match.end("often") + 1:], said]


def _head(phrase: str) -> str:
    """「狂犬病の 予防注射」 → 予防注射: said again right after the sentence that named it whole, the head is enough."""
    tokens = tokenize(phrase)
    last = next((t for t in reversed(tokens) if t.surface == "の" and t.pos1 == "助詞"), None)
    return phrase[last.end:] if last is not None and len(phrase) - last.end >= 2 else phrase


# 「お金が なくて はらうのが 難しい ときは、免除の 申し込みが できます。」: a long condition said first as
# what can happen, then 「そのときは、…」
_CONDITION = re.compile(r"^(?P<also>また、|なお、)?(?P<cond>[^、。「」]{2,}?)ときは、"
                        r"(?P<rest>[^、。][^。]{5,}[。！]?)$")
# a condition long enough to say on its own, counted in kana: 受付で 申し込む is as long as うけつけで もうしこむ
_CONDITION_KANA = 10
_STATES = {"ある", "有る", "いる", "居る"}  # 「…が ある ことが あります」 says ある twice


def _can_happen(condition: str) -> bool:
    """A clause in the plain present (難しい, 届かない, 休む) that 「〜ことが あります」 can follow.

    A past (届いた), a noun (雨の) or ある / いる cannot: 「雨の ことが あります」 is no sentence.
    """
    last = tokenize(condition)[-1]
    if last.surface == "ない" or last.pos1 == "形容詞":
        return last.c_form.startswith(("終止形", "連体形"))
    return last.is_verb and last.c_form.startswith(("終止形", "連体形")) and last.base not in _STATES


def _present(condition: str) -> str:
    """「水道管が こわれた」 → 水道管が こわれる, 「聞き取れなかった」 → 聞き取れない: a condition said in the past
    (what will have happened by then) in the present that 「〜ことが あります」 follows; "" when not a verb's past."""
    tokens = tokenize(condition)
    if len(tokens) < 2 or tokens[-1].surface != "た":
        return ""
    before = tokens[-2]
    if before.base == "ない" and before.pos1 == "助動詞":
        return condition[:before.start] + "ない"
    if before.is_verb or (before.pos1 == "助動詞" and before.base in ("れる", "られる", "せる", "させる")):
        return condition[:before.start] + before.base
    return ""


# verbs that happen to one rather than being done: a condition in them is no choice (遅れる, こまる, なる)
_HAPPEN_TO = {"なる", "成る", "遅れる", "おくれる", "過ぎる", "すぎる", "困る", "こまる", "わかる", "分かる",
              "見える", "聞こえる", "間に合う", "まにあう", "届く", "とどく", "降る", "ふる", "起きる", "おきる",
              "できる", "出来る"}


def _choice(condition: str, rest: str) -> bool:
    """「受付で 申し込む ときは、…持って きて ください」: the condition is an act the reader chooses to do (no subject
    of its own, a verb one does), and what follows asks the reader; 「…ことが あります」 would say it happens
    now and then. 「お金が なくて はらうのが 難しい」 (a state) and 「水が 出ない」 (its own subject) happen."""
    tokens = tokenize(condition)
    if any(t.pos1 == "助詞" and t.surface in ("が", "は", "も") for t in tokens) or not _REQUEST.search(rest):
        return False
    return tokens[-1].is_verb and tokens[-1].base not in _HAPPEN_TO


def split_condition(sentence: str, limit: int = 30) -> list[str]:
    """A long 「(condition)ときは、(what to do)」 → 「(condition)ことが あります。」, 「そのときは、(what to do)」.

    A condition the reader chooses is asked: 「受付で 申し込みますか。」, 「そのときは、…」. A condition in the
    past (保険証が 届いた ときは, 水道管が こわれた ときは) may be certain or may not, and 「届く ことが あります」
    would say the card may not come: it stays one sentence, said shorter with 〜たら (届いたら、…). A leading
    また、 stays with the first sentence.
    """
    match = _CONDITION.match(sentence) if len(sentence) > limit else None
    if match is None or len(reading(match["cond"])) < _CONDITION_KANA:
        return [sentence]
    condition, also, rest = match["cond"], match["also"] or "", match["rest"]
    if not _can_happen(condition):
        if _present(condition):  # ends in the past た (or だ): 届いたら、 聞き取れなかったら、
            return [f"{also}{condition}ら、{rest}"]
        return [sentence]
    if _choice(condition, rest):
        verb = tokenize(condition)[-1]
        asked = condition[:verb.start] + conjugate(verb.base, verb.c_type, "masu") + "ますか。"
        return [also + asked, f"そのときは、{rest}"]
    return [f"{also}{condition}ことがあります。", f"そのときは、{rest}"]


# 「令和9年5月に 予定されている 市長選挙から、…投票所が かわります。」: from when on, said after what changes
_FROM = re.compile(r"^(?P<start>[^、。「」]{4,30}?)から、(?P<rest>[^、。][^。]{7,}[。！]?)$")


def split_from(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence opening with 「(noun)から、」 → the sentence without it, then 「(noun)からです。」.

    Only a noun's から (a starting point), not a reason (雨が 降るから、), and not the start of a span whose
    end the sentence says (「駅から、市役所まで」).
    """
    match = _FROM.match(sentence) if len(sentence) > limit else None
    if match is None or "まで" in match["rest"]:
        return [sentence]
    tokens = tokenize(match["start"] + "から")
    if len(tokens) < 2 or tokens[-1].pos2 != "格助詞" or tokens[-2].pos1 not in ("名詞", "接尾辞"):
        return [sentence]
    return [match["rest"], f"{match['start']}からです。"]


# 「給付金は、確認書の うけつけから だいたい 3週間後に、口座に 振り込みます。」: how long after, said apart
_AFTER = re.compile(r"(?<=、)(?P<when>[^、。]{2,24}?\d+(?:日|週間|か月|ヶ月|年)(?:後|以内))に、")


def _stated_verb(sentence: str) -> str:
    """「…口座に 振り込みます。」 → 振り込む, 「…連絡します」 → 連絡する; "" when the sentence ends otherwise."""
    tokens = tokenize(sentence)
    k = next((k for k in range(len(tokens) - 1, 0, -1) if tokens[k].base == "ます"), 0)
    verb = tokens[k - 1] if k else None
    if verb is not None and verb.base in ("せる", "させる") and k >= 2 and tokens[k - 2].is_verb:
        return tokens[k - 2].surface + verb.base  # 知ら + せ: the verb is 知らせる
    if verb is None or not verb.is_verb or verb.base in _AUXILIARY_VERBS - {"する", "為る"}:
        return ""
    if verb.base in ("する", "為る"):
        return tokens[k - 2].surface + "する" if k >= 2 and tokens[k - 2].pos3 == "サ変可能" else ""
    return verb.base


def split_after(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with 「(N週間)後に、」 between commas → it without the phrase, then 「(V)のは …後です。」."""
    match = _AFTER.search(sentence) if len(sentence) > limit else None
    if match is None:
        return [sentence]
    rest = sentence[:match.start()] + sentence[match.end():]
    verb = _requested_verb(rest) if _REQUEST.search(rest) else _stated_verb(rest)
    return [rest, f"{verb}のは、{match['when']}です。"] if verb else [sentence]


# 「申込書は、12月1日（火曜日）から 区役所で くばります。」, 「証は、12月31日（木曜日）で 有効期限が 切れます。」:
# a day from which (から) or on which a thing ends (で) inside a long sentence, with no comma to cut it off
_DATED = re.compile(r"(?P<day>(?:(?:令和\d+年|\d{4}年)(?:（令和\d+年）)?)?\d{1,2}月\d{1,2}日(?:（.曜日）)?)"
                    r"(?P<p>から|で)(?![、すし])")
_OWN_WORDS = 16


def split_dated(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with 「(day)から」 or 「(day)で」 before its verb → the sentence without the day, then
    「(V)のは、(day)からです。」 (「(V)のは、(day)です。」: the day it ends)."""
    match = _DATED.search(sentence) if len(sentence) > limit else None
    if match is None or "まで" in sentence[match.end():]:
        return [sentence]  # 「…から …まで」 is a span (split_span)
    rest = sentence[:match.start()] + sentence[match.end():]
    verb = _requested_verb(rest) if _REQUEST.search(rest) else _stated_verb(rest)
    if not verb or len(rest) < _OWN_WORDS:
        return [sentence]  # 「…11月24日（火曜日）から うけつけを はじめます」: long for its date alone, it stays
    return [rest, f"{verb}のは、{match['day']}{'から' if match['p'] == 'から' else ''}です。"]


# heads a clause before them describes as a thing of their own (not 予定, こと, ところ: they only shape the verb)
_FORMAL_HEADS = {"予定", "よてい", "こと", "もの", "ため", "とき", "ところ", "場所", "日", "時間", "方法", "人", "方",
                 "よう", "はず", "つもり", "わけ", "場合"}
# events what happens in them is said of: 「講師が 説明する 講座」 → 「講座では、講師が 説明します。」
_EVENTS = {"講座", "教室", "説明会", "講習会", "イベント", "訓練", "大会", "相談会", "催し"}
_MIN_CLAUSE = 14


def split_relative(sentence: str, limit: int = 30) -> list[str]:
    """A long clause on the noun a long sentence is about, said as a sentence of its own.

    「放課後や 夏休みに 遊びの 場を 用意する 放課後児童クラブに ついて、入室申請を うけつけます。」 →
    「放課後児童クラブは、放課後や 夏休みに 遊びの 場を 用意します。」, 「放課後児童クラブに ついて、…」: a clause
    with no subject of its own says what the noun does. One with its own subject is said of an event in it:
    「公民館では、使い方を、講師が 説明する 講座を します。」 → 「公民館では、講座を します。」,
    「講座では、使い方を、講師が 説明します。」. The clause starts after the sentence's topic.
    """
    if len(sentence) <= limit:
        return [sentence]
    tokens = tokenize(sentence)
    topic = next((j + 1 for j in range(len(tokens) - 1) if tokens[j].surface == "、"
                  and tokens[j - 1].surface == "は" and tokens[j - 1].pos1 == "助詞"), 0)
    for k in range(max(topic, 1), len(tokens) - 2):
        verb, head = tokens[k - 1], tokens[k]
        if not verb.is_verb or not verb.c_form.startswith(("終止形", "連体形")) or head.pos1 != "名詞":
            continue
        end = k  # the whole compound: 放課後 + 児童 + クラブ
        while end + 1 < len(tokens) and tokens[end + 1].pos1 in ("名詞", "接尾辞") \
                and tokens[end + 1].start == tokens[end].end:
            end += 1
        noun = sentence[head.start:tokens[end].end]
        after = sentence[tokens[end].end:]
        start = tokens[topic].start if topic < len(tokens) else 0
        clause = sentence[start:head.start]
        clause_tokens = tokens[topic:k]
        if noun in _FORMAL_HEADS or len(clause) < _MIN_CLAUSE or "は" in [t.surface for t in clause_tokens]:
            continue
        own_subject = any(t.surface == "が" and t.pos1 == "助詞" for t in clause_tokens)
        said = polite_ending(clause + "。")
        main = sentence[:start] + noun + after
        if not own_subject and after.startswith("について、"):
            return [f"{noun}は、{said}", main]
        if own_subject and noun in _EVENTS and after.startswith("を") and sentence[:start]:
            return [main, f"{noun}では、{said}"]
    return [sentence]


def reorder(sentence: str) -> list[str]:
    parts = [sentence]
    for rule in (target_last, split_relative, given_to, split_source, split_ya, phone_lines, split_deadline, split_from,
                 split_after, split_extension, split_where,
                 define_terms, split_day_and_time, split_span, split_days_and_hours, split_dated, bring_apart,
                 wear_apart, split_often, split_condition, split_on_day):
        parts = [part for piece in parts for part in rule(piece)]
    return parts
