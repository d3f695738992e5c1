"""Phrase-level rules: honorifics to plain polite, vague hedges, double negatives."""

from __future__ import annotations

import itertools
import re

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import Form, conjugate, verb_type
from notifier.rendering.easy.lexicon import words

_KANJI = "一-龥々"
HONORIFICS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"致し", "いたし"),
    (r"下さい", "ください"),
    (r"お持ちください", "持ってきてください"),
    # 「鍵をお持ちのうえ、料金をお支払いください」: two requests, said as 「持って、」 so the clause is split
    (r"お持ちの(?:うえ|上)、", "持って、"),
    (r"お越しください", "来てください"),
    (r"お知らせください", "知らせてください"),
    (r"お越しの際は", "来るときは"),
    (r"お願い申し上げます", "お願いします"),
    (r"させていただきま(す|した)", r"しま\1"),
    (r"いたしかねます", "できません"),
    (r"ていただきますよう(?:お願い)?(?:いたします|申し上げます|します)", "てください"),
    (r"ていただくよう(?:お願い)?(?:いたします|申し上げます|します)", "てください"),
    (rf"[ごお]([{_KANJI}]{{2,4}})(?:いただきますよう|くださいますよう)(?:お願い)?(?:いたします|申し上げます|します)",
     r"\1してください"),
    (rf"[ごお]([{_KANJI}]{{2,4}})いただけます", r"\1できます"),
    # 「後日ご連絡します」, 「お電話します」: the humble ご / お of the writer's own act goes (連絡します)
    (rf"[ごお](?=[{_KANJI}]{{2,4}}を?(?:いた)?し(?:ます|ました|ません|て|た))", ""),
    (rf"[ごお]([{_KANJI}]{{2,4}})(?:願います|ください)", r"\1してください"),
    (r"いたしま(す|した|せん)", r"しま\1"),
    (r"いたして", "して"),
    (r"いたし、", "し、"),
    (r"ておりま(す|した|せん)", r"ていま\1"),
    (r"ており、", "ていて、"),
    (r"(?<![ぁ-ん])おりま(す|した|せん)", r"いま\1"),
    (r"でございます", "です"),
    (r"でございました", "でした"),
    (r"(?<!ありがとう)ございま(す|した)", r"ありま\1"),  # ありがとうございます is the set phrase itself
    (r"ございません", "ありません"),
    (r"なさってください", "してください"),
    (r"皆(?:様|さま)", "みなさん"),
]]

HEDGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"(?:もの)?と(?:思われ|考えられ|みられ|見られ|予想され|推測され|予測され)(?:ます|る)", "かもしれません"),
    (r"の?可能性が(?:あります|ある|高いです|高い|考えられます)", "かもしれません"),
    # 「発生した場合や、そのおそれがある場合は」: before a noun the hedge modifies it (かもしれない とき)
    (r"の?(?:おそれ|恐れ|怖れ)が(?:ある)(?=[一-龥ァ-ヶ]|とき|ところ|もの|こと)", "かもしれない"),
    (r"の?(?:おそれ|恐れ|怖れ)が(?:あります|ある)", "かもしれません"),
    (r"(?<=[るた])(?:おそれ|恐れ|怖れ)の?ある", "かもしれない"),
    (r"だかもしれません", "かもしれません"),
    (r"かもしれない(?=[。！？!?]|$)", "かもしれません"),
]]

# suffix → (verb form to use, what follows it)
DOUBLE_NEGATIVES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"ないわけでは(?:ない|ありません)|ないわけでもない"), "dict", "こともあります"),
    (re.compile(r"なくは(?:ない|ありません)|なくも(?:ない|ありません)|ないことは(?:ない|ありません)"), "masu", "ます"),
    (re.compile(r"ないわけには(?:いかない|いきません)|ざるを(?:得|え)(?:ない|ません)"), "nai", "なければなりません"),
]
DOUBLE_NEGATIVE_PATTERN = re.compile("|".join(p.pattern for p, _, _ in DOUBLE_NEGATIVES))
HEDGE_PATTERN = re.compile(
    r"(?:もの)?と(?:思われ|考えられ|みられ|見られ|予想され|推測され|予測され)(?:ます|る)"
    r"|可能性が(?:あります|ある|高い)|(?:おそれ|恐れ|怖れ)が(?:あります|ある)|(?:模様|見込み)です")


# 「避難の際は、懐中電灯を お持ちください」: the reader takes it away from home, not to the city office
_BRING = re.compile(r"(?P<before>[^。]*)お持ちください")
# a checkup at a hospital (受診), or going anywhere (病院に 行く): the reader takes it there, not to the writer
_LEAVING = re.compile(r"避難(?!所|場所)|外出|出かけ|逃げ|受診(?![券票])|[にへ](?:行く|行き|行か|行っ)")
_COMING = re.compile(r"お越し|来場|来所|来庁|来て|来る")


def _take_along(text: str) -> str:
    """お持ちください → 持って いって ください where the sentence says the reader leaves (避難, 外出, 受診)."""
    def said(m: re.Match[str]) -> str:
        leaving = _LEAVING.search(m["before"]) and not _COMING.search(m["before"])
        return m["before"] + ("持っていってください" if leaving else "お持ちください")
    return _BRING.sub(said, text)


# Sino-Japanese words that take お, not ご (お礼, お手数, お電話): the analyser reads every 御 before a kanji word ゴ
_O_WORDS = {"礼", "手数", "客", "電話", "時間", "返事", "食事", "世話", "名前", "体", "茶", "弁当", "祝"}


def kana_prefix(text: str) -> str:
    """御利用ください → ご利用ください: the honorific prefix written in kanji is the ご or お every rule knows.

    The analyser reads it by the word after it (御確認 ゴ, 御願い オ), except for the Sino-Japanese words that
    take お (御礼 → お礼, 御手数 → お手数); another reading (御霊) is left alone.
    Done on the whole text first, before the paraphrases (ご?協力を お願いします) look for ご.
    """
    for token, word in reversed(list(itertools.pairwise(tokenize(text)))):
        if token.surface == "御" and token.pos1 == "接頭辞" and token.kana in ("ゴ", "オ"):
            o = token.kana == "オ" or word.surface in _O_WORDS
            text = text[:token.start] + ("お" if o else "ご") + text[token.end:]
    return text


def honorifics(text: str) -> str:
    """Honorific and humble forms → plain polite (いたします → します, お待ちください → 待ってください)."""
    text = _take_along(_o_verb_itadaku(_polite_if(text)))
    for pattern, repl in HONORIFICS:
        text = pattern.sub(repl, text)
    return _o_verb_kudasai(text)


def _polite_if(text: str) -> str:
    """「届きましたら」 → 届いたら: a condition in the polite 〜ましたら is said in the plain た form + ら."""
    tokens = tokenize(text)
    for verb, mashi, tara in reversed(list(zip(tokens, tokens[1:], tokens[2:], strict=False))):
        if verb.is_verb and mashi.surface == "まし" and tara.surface == "たら" and verb.end == mashi.start:
            said = "あった" if verb.base in ("ござる", "御座る") else conjugate(verb.base, verb.c_type, "ta")
            text = text[:verb.start] + said + "ら" + text[tara.end:]  # ございましたら is ありましたら
    return text


def _o_verb_itadaku(text: str) -> str:
    """「お支払いいただけます」 → はらえます, 「お使いいただいた」 → 使った, 「取得いただけます」 → 取得できます.

    〜いただく after a verb or a サ変 noun is the reader's own act, said humbly: what is left is the act in the
    potential (いただける) or in the form いただく was in (いただいた, いただき、, いただく際); word by word it was
    「はらう いただけます」. A verb the word list says otherwise (支払い → はらう) is said with its easy verb;
    「〜いただきますよう お願いします」 is a request, left to the rules for it.
    """
    tokens = tokenize(text)
    for i in range(len(tokens) - 2, 0, -1):  # right to left so offsets stay valid
        word, itadaku, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
        surface = itadaku.surface.replace("頂", "いただ")
        form = _ITADAKU_FORMS.get((surface, nxt.surface)) or _ITADAKU_FORMS.get((surface, ""))
        if form is None or word.end != itadaku.start or (i + 2 < len(tokens) and tokens[i + 2].surface == "よう"):
            continue
        if word.surface in _SEE:  # ご覧 is 見る said with respect: ご覧いただけます → 見られます
            verb, kind, head = "見る", "上一段-マ行", ""
        elif word.pos3 == "サ変可能":
            verb, kind, head = "する", "サ行変格", word.surface
        elif word.is_verb and word.c_form.startswith("連用形"):
            (verb, kind), head = _easy_verb(word), ""
        else:
            continue
        if form == "potential":  # the potential's stem (はらえ + ます / ない), or all of it (いただける → はらえる)
            said = conjugate(verb, kind, form)[:None if itadaku.surface.endswith("る") else -1]
        elif form == "masu":  # 「宣誓書にご記入いただきます」: the office has the reader do it (書いて もらいます)
            said = conjugate(verb, kind, "te") + "もらい"
        else:
            said = conjugate(verb, kind, form)
        said = head + said
        start = tokens[i - 2].start if i >= 2 and tokens[i - 2].surface in ("お", "ご") \
            and tokens[i - 2].pos1 == "接頭辞" else word.start
        end = nxt.end if form == "ta" or (form == "te" and nxt.surface == "て") else itadaku.end
        text = text[:start] + said + text[end:]
    return text


_SEE = {"ご覧", "御覧"}
# (いただく's surface, what follows it ("" for anything)) → the form the reader's act is said in
_ITADAKU_FORMS: dict[tuple[str, str], Form] = {
    ("いただけ", ""): "potential", ("いただける", ""): "potential", ("いただい", "た"): "ta", ("いただい", "て"): "te",
    ("いただき", "まし"): "masu", ("いただき", "ます"): "masu",
    # 「ご記入いただき、ご提出ください」: the first of two acts in its て-form (書いて、出して ください)
    ("いただき", "、"): "te", ("いただく", ""): "dict"}


def _easy_verb(word: Token) -> tuple[str, str]:
    """The verb to say for ``word``: the word list's (支払い → はらう, 申し込み → 申し込む) or its own.

    お越し is 来る said with respect (お越しいただけます → 来られます, not 越せます).
    """
    if word.base == "越す":
        return "来る", "カ行変格"
    entry = words().get(word.surface)
    easy = entry.verb or entry.easy if entry is not None else ""
    easy = easy.replace(" ", "")
    kind = verb_type(easy) if easy else ""
    return (easy, kind) if kind else (word.base, word.c_type)


# お願いします, ご迷惑を おかけします: set phrases the word list says whole
_SET_PHRASES = {"願う", "かける", "掛ける"}


def _o_verb_kudasai(text: str) -> str:
    tokens = tokenize(text)
    for i in range(len(tokens) - 2, 0, -1):  # right to left so offsets stay valid
        prefix, verb, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
        if prefix.surface in ("お", "ご") and verb.is_verb and nxt.surface == "ください":
            te = conjugate(verb.base, verb.c_type, "te")
            text = text[:prefix.start] + te + text[nxt.start:]
        elif prefix.surface == "お" and verb.is_verb and verb.base not in _SET_PHRASES \
                and verb.c_form.startswith("連用形") and nxt.base == "する" \
                and i + 2 < len(tokens) and tokens[i + 2].surface == "ます":
            text = text[:prefix.start] + verb.surface + text[nxt.end:]  # 郵送で お届けします → 届けます
        elif verb.is_verb and nxt.surface == "ます" and i + 2 < len(tokens) and tokens[i + 2].surface == "と" \
                and tokens[i + 2].pos2 == "接続助詞":
            text = text[:verb.start] + verb.base + text[nxt.end:]  # 期限を 過ぎますと → 過ぎると
    return text


# 「浸水のおそれのある方」, 「発生のおそれがある場合」: a サ変 noun with its hedge in front of a noun (the noun
# becomes a verb below)
_NOUN_HEDGE = re.compile(rf"(?<![{_KANJI}])(?P<noun>[{_KANJI}]{{2}})の(?:おそれ|恐れ|怖れ)(?:が|の)?ある"
                         rf"(?=[{_KANJI}ァ-ヶ]|とき|ところ|もの)")


def _noun_hedge(match: re.Match[str]) -> str:
    """浸水する かもしれない; a noun the word list gives a verb for says it (倒木の おそれ → たおれる かもしれない)."""
    tokens = tokenize(match["noun"])
    if len(tokens) == 1 and tokens[0].pos3 == "サ変可能":
        return match["noun"] + "するかもしれない"
    entry = words().get(match["noun"])
    if entry is not None and entry.verb:
        return entry.verb.replace(" ", "") + "かもしれない"
    return match.group(0)  # 災害の おそれ: no verb to say it with


def hedges(text: str) -> str:
    """Vague hedges (〜と思われます, 〜おそれがあります) → 〜かもしれません."""
    text = _NOUN_HEDGE.sub(_noun_hedge, text)
    for pattern, repl in HEDGES:
        text = pattern.sub(repl, text)
    return text


def _verb_before(tokens: list[Token], offset: int) -> Token | None:
    for token in tokens:
        if token.end == offset:
            return token if token.is_verb else None
    return None


def double_negatives(text: str) -> str:
    """〜ないわけではありません → 〜こともあります; 〜なくはない → 〜ます; 〜ざるを得ない → 〜なければなりません."""
    for pattern, form, tail in DOUBLE_NEGATIVES:
        while match := pattern.search(text):
            verb = _verb_before(tokenize(text), match.start())
            if verb is None:  # nothing to conjugate: leave it (the report still flags it)
                break
            stem = conjugate(verb.base, verb.c_type, form)  # type: ignore[arg-type]
            text = text[:verb.start] + stem + tail + text[match.end():]
    return text


_PERSON = re.compile(r"(?:(?<=[のるたなだ])|(?<=ない)|(?<=たい))方(?=[はへにもをがとやの、。]|です|で、)"
                     r"|(?<=[ぁ-ん])方々|方々(?=[はへにもを、。])")


_PERSON_NOUN = re.compile(r"(?<=者)の方(?=[はへにもをがと、。])")


# 方 as one side of a comparison or advice (この方が いい, 避難した方が いい, 車の方が 電車より, 電車より 車の方が)
_SIDE_AFTER = re.compile(r"が(?:いい|よい|良い|よく|良く|[^。]{1,20}?より)")
_THAN = re.compile(r"(?:より(?![上下前後先])[^。、]{1,20}|この|その|あの|どの)$")  # 65歳より上の方 is a person


def _person(match: re.Match[str]) -> str:
    """人 / 人たち for a person, and 方 kept for a side (「早く にげた 人が いいです」 would say whom to prefer)."""
    text, at = match.string, match.start()
    side = _SIDE_AFTER.match(text, at + 1) or (text.startswith("が", at + 1) and _THAN.search(text[:at]))
    if match.group(0) == "方" and side:
        return "方"
    return "人たち" if match.group(0) == "方々" else "人"


def people(text: str) -> str:
    """方 / 方々 (honorific "person") → 人 / 人たち; unidic reads 方 as ほう, so go by context.

    After a word that already names people (保護者の方, 高齢者の方) the honorific goes: 保護者, not 保護者の人.
    """
    text = _PERSON_NOUN.sub("", _adjective_person(text))
    return _PERSON.sub(_person, text)


def _adjective_person(text: str) -> str:
    """手続きが難しい方は → 難しい 人は; before が an adjective's 方 compares (早い 方が いい) and stays."""
    tokens = tokenize(text)
    for adjective, word, nxt in reversed(list(zip(tokens, tokens[1:], tokens[2:], strict=False))):
        if word.surface == "方" and adjective.pos1 == "形容詞" and adjective.c_form.startswith("連体形") \
                and nxt.surface in ("は", "へ", "に", "も", "を") and adjective.end == word.start:
            text = text[:word.start] + "人" + text[word.end:]
    return text


def as_soon_as(text: str) -> str:
    """決まり次第、お知らせします → 決まったら、…: 〜次第 (as soon as) said with 〜たら."""
    tokens = tokenize(text)
    for i in range(len(tokens) - 1, 0, -1):  # right to left so offsets stay valid
        verb, word = tokens[i - 1], tokens[i]
        if word.surface == "次第" and verb.is_verb and verb.c_form.startswith("連用形") and verb.end == word.start:
            comma = "" if text.startswith(("、", "。"), word.end) else "、"
            text = text[:verb.start] + conjugate(verb.base, verb.c_type, "ta") + "ら" + comma + text[word.end:]
    return text


# 定員に達した → 人数が いっぱいに なった: 「人数に 達した」 says the word twice (a 定員 is a number of people)
_FULL = re.compile(r"(?:[^、。がはを]{1,12}が)?定員に(?:達(?P<s>したら|した|しました|し|する|すれば|しない)"
                   r"|な(?P<n>ったら|った|りました|り|る|れば|らない))")
_SURU_TO_NARU = {"したら": "ったら", "した": "った", "しました": "りました", "し": "り", "する": "る",
                 "すれば": "れば", "しない": "らない"}


def full(text: str) -> str:
    return _FULL.sub(lambda m: "人数がいっぱいにな" + (_SURU_TO_NARU[m["s"]] if m["s"] else m["n"]), text)


# 見込み is what is expected: of the weather or an amount a forecast (35度以上に なりそうです), of work a
# schedule (工事は 3月に 完了する 見込み → よてい, from the word list)
_FORECAST_VERBS = {"なる", "続く", "降る", "やむ", "止む", "上がる", "下がる", "超える", "こえる", "かかる", "増える",
                   "減る", "強まる", "弱まる", "近づく", "達する", "接近", "上陸", "通過", "上昇", "低下", "増加",
                   "減少", "発達", "継続"}
_EXPECTED = re.compile(r"(?:見込み|見込)(?:です|となっています|となります)|と見込まれ(?:ます|ています)")


def forecasts(text: str) -> str:
    """35度以上に なる 見込みです → 35度以上に なりそうです (not 「なる よていです」, a plan)."""
    for match in reversed(list(_EXPECTED.finditer(text))):
        tokens = tokenize(text[:match.start()])
        if not tokens or not tokens[-1].is_verb or not tokens[-1].c_form.startswith(("連体形", "終止形")):
            continue
        verb = tokens[-1]
        key = tokens[-2].surface if verb.base == "する" and len(tokens) >= 2 else verb.base
        if key in _FORECAST_VERBS:
            text = text[:verb.start] + conjugate(verb.base, verb.c_type, "masu") + "そうです" + text[match.end():]
    return text


def without(text: str) -> str:
    """車を使わずに → 使わないで, 連絡せずに → しないで: 〜ずに is the written form of the 〜ないで a learner knows."""
    tokens = tokenize(text)
    for verb, zu, ni in reversed(list(zip(tokens, tokens[1:], tokens[2:], strict=False))):
        if verb.is_verb and zu.surface == "ず" and zu.pos1 == "助動詞" and ni.surface == "に" and verb.end == zu.start:
            text = text[:verb.start] + conjugate(verb.base, verb.c_type, "nai") + "ないで" + text[ni.end:]
    return text


def rewrite(text: str) -> str:
    return people(forecasts(full(as_soon_as(without(double_negatives(hedges(honorifics(text))))))))
