"""One idea per sentence: split at clause boundaries, end in です/ます, turn 「A、B、Cなど」 into a list."""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import conjugate
from notifier.rendering.easy.spans import clocked_span

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]|[^。！？!?]+$")
_POLITE_END = re.compile(r"(?:ます|ません|ました|ましょう|です|でした|でしょう|ください|ませんか|か|ね|よ)[。！？!?]?$")
# verbs that are really parts of compound particles (について, によって, に対して …)
_PARTICLE_VERBS = {"つく", "付く", "就く", "対する", "関する", "於く", "おく", "因る", "よる", "依る", "伴う",
                   "通じる", "除く", "含める", "基づく", "向ける", "当たる", "応じる", "わたる", "渡る",
                   "かける", "掛ける"}
_REASONS = {"ので": "", "から": "", "ため": "", "が": "でも、", "けど": "でも、", "けれど": "でも、",
            "けれども": "でも、", "し": ""}
_MIN = 4
_LONG = 30
# 「安全の ため、」, 「感染症の 予防の ため、」 say what for, not why: 「安全です。」 or 「予防を します。」 would
# state something the notice never said, so the sentence stays whole (工事の ため、 is a reason: 工事を します)
_PURPOSES = {"安全", "健康", "命", "予防", "防止", "対策", "確保", "保護", "維持", "向上", "改善", "軽減", "削減"}
# サ変 nouns that happen rather than are done: 「故障を します」 is no sentence, 「故障の ため、」 stays a reason
_HAPPENINGS = {"故障", "渋滞", "混雑", "停電", "断水", "増水", "発生", "降雪", "積雪", "不足", "満車", "満員", "欠航",
               "運休", "遅延", "老朽化", "感染", "流行"}
# 「工事の ため、」 in the tense of what it is the reason for: 工事を しました。…休みました / 工事を して います。
_DONE = {"ました": "をしました", "ています": "をしています"}
# what one 持つ in mind, never in a bag: 「責任を 持って、…」 is no request to bring anything
HELD_IN_MIND = {"責任", "余裕", "ゆとり", "関心", "興味", "自信", "誇り", "意識", "目的", "希望", "気持ち", "注意",
                "勇気", "時間"}


def sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(line) if s.strip()]


def _tone(sentence: str) -> str:
    """The politeness a split-off clause should copy from the sentence it came from."""
    if re.search(r"ください[。！？!?]?$", sentence):
        return "ください"
    if re.search(r"[てで](?:いる|います|る|ある|あります)[。！？!?]?$", sentence):
        return "ています"
    return "ました" if re.search(r"(?:ました|でした|た)[。！？!?]?$", sentence) else "ます"


# verbs that already say a state: 「あっています」, 「できています」 are not what the clause meant
_STATIVE = {"ある", "有る", "いる", "居る", "できる", "出来る", "要る", "おる", "わかる", "分かる", "見える"}


def _ending(verb: Token, tone: str) -> str:
    """A split-off clause's verb in the tone of its predicate: 上がります, 上がりました, 上がっています."""
    if tone == "ています" and verb.base not in _STATIVE:
        return conjugate(verb.base, verb.c_type, "te") + "います"
    return conjugate(verb.base, verb.c_type, "masu") + ("ます" if tone == "ています" else tone)


def _te_clause(tokens: list[Token], k: int, tone: str) -> str | None:
    """``…持って、`` → ``…持ってください`` / ``…持ちます``; None when it is not a clause."""
    verb = tokens[k - 1]
    if not verb.is_verb or verb.base in _PARTICLE_VERBS:
        return None
    if verb.base == "する" and k >= 2 and tokens[k - 2].surface == "と":
        return None  # 避難所として、… is a role, not a clause of its own
    if verb.base in ("加える", "くわえる") and k >= 2 and tokens[k - 2].surface == "に":
        return None  # 「税額に 加えて、…」 says besides what, as a particle would: nothing is added by the reader
    if verb.base in ("持つ", "使う") and tone != "ください":
        return None  # 通帳を持って、窓口でできます: the means of the next clause, not a statement
    if verb.base == "持つ" and k >= 3 and tokens[k - 2].surface == "を" and tokens[k - 3].surface in HELD_IN_MIND:
        return None  # 「余裕を 持って、出発して ください」: one request, nothing to carry
    if tone == "ください" and verb.base == "持つ":  # 「持ってください」 would ask to hold it
        # 「取りに 来る ときは、鍵を 持って、…」: the reader comes here with it, wherever the sentence says so
        come = any(t.is_verb and t.base in ("来る", "くる") for t in tokens)
        return verb.surface + tokens[k].surface + ("きて" if come else "いって") + "ください"
    if tone == "ください":
        return verb.surface + tokens[k].surface + "ください"
    return _ending(verb, tone)


def _renyou(token: Token, tone: str) -> str:
    """A 連用中止 verb (上昇し、) ending a sentence of its own, in the tone of the predicate it hung on."""
    if tone == "ください" and token.is_verb:  # 帽子を使用し、… してください → 使って ください
        return conjugate(token.base, token.c_type, "te") + "ください"
    if not token.is_verb:
        return conjugate(token.base, token.c_type, "masu") + ("ました" if tone == "ました" else "ます")
    return _ending(token, tone)


def _polite(tokens: list[Token], upto: int) -> tuple[int, str]:
    """The ending that makes tokens[:upto] a polite sentence: the first token it replaces, and its text."""
    last = tokens[upto - 1]
    before = tokens[upto - 2] if upto >= 2 else None
    if last.surface in ("ます", "ました", "です", "でした", "ません"):
        return upto - 1, last.surface
    if last.surface in ("だ", "な", "で", "である") or last.pos1 == "名詞":
        return upto - 1, (last.surface if last.pos1 == "名詞" else "") + "です"
    if last.surface in ("た", "ない") and before is not None and before.is_verb:  # 降った, 降らない
        masu = conjugate(before.base, before.c_type, "masu")
        return upto - 2, masu + ("ました" if last.surface == "た" else "ません")
    if last.surface == "た" and before is not None and _adjective(before):  # 多かった, なかった
        return upto - 2, "ありませんでした" if before.base == "ない" else before.surface + "たです"
    if last.is_verb:
        return upto - 1, conjugate(last.base, last.c_type, "masu") + "ます"
    if last.pos1 == "助動詞" and last.base in ("れる", "られる", "せる", "させる") and last.surface == last.base:
        return upto - 1, last.surface[:-1] + "ます"  # 請求される → 請求されます (an ichidan ending)
    if _adjective(last):  # 「駐車場が ない」, 「数は 多くない」: ない said politely is ありません, not ないです
        return upto - 1, "ありません" if last.base == "ない" else last.surface + "です"
    return upto - 1, last.surface


def _adjective(token: Token) -> bool:
    """危ない, and the adjective suffixes of a verb (こおり + やすい, わかり + にくい)."""
    return token.pos1 == "形容詞" or token.c_type == "形容詞"


def _reason(tokens: list[Token], k: int, text: str, prefix: str) -> tuple[str, str]:
    """The clause before a reason/contrast connective at tokens[k], made polite."""
    first, ending = _polite(tokens, k)
    return text[tokens[0].start:tokens[first].start] + ending, prefix


def _two_topics(tokens: list[Token], k: int) -> bool:
    """「X は … N で、 Y は …」: a noun and で between two topics is a copula, so two statements."""
    token = tokens[k]
    if token.surface != "で" or token.pos2 != "格助詞" or tokens[k - 1].pos1 not in ("名詞", "接尾辞"):
        return False
    return all(any(t.surface == "は" and t.pos1 == "助詞" for t in side) for side in (tokens[:k], tokens[k + 2:]))


def _clause_end(tokens: list[Token], k: int, text: str, tone: str) -> tuple[str, str] | None:
    """(clause text, prefix of the next sentence) when tokens[k] ends a clause before a 、."""
    token = tokens[k]
    start = tokens[0].start
    if token.surface == "で" and token.base == "だ" and k >= 2 and tokens[k - 1].surface == "の":
        return _reason(tokens, k - 1, text, "")  # 〜ので is analysed as の + で
    if _two_topics(tokens, k):  # 助成額は 1回 2,000円で、子どもは 2回まで … → 助成額は 1回 2,000円です。
        return text[start:token.start] + "です", ""
    if joined := _together_or_then(tokens, k, text, tone):
        return joined
    if token.surface in ("て", "で") and token.pos1 == "助詞" and k:
        clause = _te_clause(tokens, k, tone)
        return (text[start:tokens[k - 1].start] + clause, "") if clause else None
    if token.surface == "ため" and k >= 2 and tokens[k - 1].surface == "の" and tokens[k - 2].pos1 == "名詞":
        noun = tokens[k - 2]  # 工事のため、 → 工事をします。 (a reason of its own, one idea per sentence)
        if noun.pos3 != "サ変可能" or noun.surface in _PURPOSES or noun.surface in _HAPPENINGS:
            return None  # 大雨のため、: 「たくさんの 雨です。」 would state what was a cause; it stays a reason
        # 「市道は、工事のため、通れません」: the topic is the one that cannot be passed, not who works
        phrase = text[start:tokens[k - 1].start]
        topic = phrase[:phrase.rfind("、") + 1]
        return phrase[len(topic):] + _DONE.get(tone, "をします"), topic
    if token.surface in _REASONS and (token.pos2 == "接続助詞" or token.surface == "ため") and k:
        prev = tokens[k - 1]
        if token.surface == "ため" and not (prev.is_verb or prev.pos1 in ("助動詞", "形容詞")):
            return None
        return _reason(tokens, k, text, _REASONS[token.surface])
    if token.pos1 == "助動詞" and token.base in ("ず", "ぬ") and tokens[k - 1].is_verb:
        verb = tokens[k - 1]  # 火を使わず、 → 火を使わないでください。
        nai = conjugate(verb.base, verb.c_type, "nai")
        return text[start:verb.start] + nai + ("ないでください" if tone == "ください" else "ません"), ""
    if (token.is_verb or token.pos1 == "助動詞") and token.c_form.startswith("連用形") and token.base != "だ" \
            and not _noun_of_a_verb(tokens, k):
        return text[start:token.start] + _renyou(token, tone), ""
    if token.surface == "で" and token.base == "だ" and _topic_before(tokens, k):
        return text[start:token.start] + "です", ""  # 受付は 区役所で、… (強い 風で、木が… is a cause)
    return _adjective_or_gloss(tokens, k, text, tone) or _besides_or_instead(tokens, k, text, tone)


def _adjective_or_gloss(tokens: list[Token], k: int, text: str, tone: str) -> tuple[str, str] | None:
    """「道は 滑りやすく、」 → 滑りやすいです。; 「無料です（お金は いりません）が、」 → …いりません）。でも、…"""
    token, start = tokens[k], tokens[0].start
    if _predicate_adjective(tokens, k):
        return text[start:token.start] + _adjective_ending(token, tone), ""
    if token.surface == "が" and tokens[k - 1].surface == "）" and _glossed_statement(tokens, k - 1):
        return text[start:token.start], "でも、"
    return None


def _together_or_then(tokens: list[Token], k: int, text: str, tone: str) -> tuple[str, str] | None:
    """「タイヤを 装着する とともに、速度を 落として ください」: two acts, each its own request or statement;
    「たしかめて から、…見せて ください」 (too long): one act after the other, the second said 「そのあと、…」."""
    token, start = tokens[k], tokens[0].start
    if token.surface == "に" and k >= 3 and tokens[k - 1].surface in ("とも", "共") and tokens[k - 2].surface == "と" \
            and tokens[k - 3].is_verb and tokens[k - 3].c_form.startswith(("終止形", "連体形")):
        verb = tokens[k - 3]
        said = conjugate(verb.base, verb.c_type, "te") + "ください" if tone == "ください" else _ending(verb, tone)
        return text[start:verb.start] + said, ""
    if token.surface == "から" and token.pos1 == "助詞" and k >= 2 and tokens[k - 1].surface in ("て", "で") \
            and tokens[k - 1].pos1 == "助詞" and len(text) > _LONG and (clause := _te_clause(tokens, k - 1, tone)):
        return text[start:tokens[k - 2].start] + clause, "そのあと、"
    return None


def _predicate_adjective(tokens: list[Token], k: int) -> bool:
    """「道は 滑りやすく、」, 「ゆれが 大きく、」: an adjective in its く form that ends a clause, said of a subject
    (after が / は / も, or as a verb's やすい / にくい); 「早く、にげて」 says how the next verb is done."""
    token = tokens[k]
    if not _adjective(token) or not token.c_form.startswith("連用形") or not token.surface.endswith("く") or k < 1:
        return False
    prev = tokens[k - 1]
    subject = any(t.pos1 == "助詞" and t.surface in ("は", "が", "も") for t in tokens[:k])
    said_of = prev.pos1 == "助詞" and prev.surface in ("が", "は", "も")
    return subject and ((token.pos1 == "接尾辞" and prev.is_verb) or said_of)


def _adjective_ending(token: Token, tone: str) -> str:
    """滑りやすく → 滑りやすいです (多かったです in the past; ない said politely is ありません)."""
    if token.base == "ない":
        return "ありませんでした" if tone == "ました" else "ありません"
    return token.surface[:-1] + "かったです" if tone == "ました" else token.base + "です"


def _glossed_statement(tokens: list[Token], close: int) -> bool:
    """「無料です（お金は いりません）」: a statement in です / ます before the gloss closing at ``close``."""
    opening = next((j for j in range(close - 1, 0, -1) if tokens[j].surface == "（"), 0)
    return opening > 0 and tokens[opening - 1].surface in ("です", "ます", "ません", "でした", "ました")


def _besides_or_instead(tokens: list[Token], k: int, text: str, tone: str) -> tuple[str, str] | None:
    """A clause that says one act besides (〜ほか、) or instead of (〜か、) the next, as _clause_end does."""
    token = tokens[k]
    if token.surface == "か" and token.pos1 == "助詞" and tone == "ください" and k >= 3 \
            and tokens[k - 1].base in ("いただく", "頂く") and tokens[k - 2].surface in ("て", "で") \
            and tokens[k - 3].is_verb:
        verb = tokens[k - 3]  # すてて いただくか、 → すてて ください。または、…
        return text[tokens[0].start:verb.start] + verb.surface + tokens[k - 2].surface + "ください", "または、"
    if token.surface == "か" and token.pos1 == "助詞" and tone == "ください" and _one_way(tokens, k):
        verb = tokens[k - 1]  # 待つか、 → 待って ください。または、…
        return text[tokens[0].start:verb.start] + conjugate(verb.base, verb.c_type, "te") + "ください", "または、"
    if token.surface == "ほか" and k and (tokens[k - 1].is_verb or tokens[k - 1].pos1 == "助動詞"):
        return _reason(tokens, k, text, "")  # 区役所で配布しているほか、… → 区役所で くばって います。…
    return None


def _noun_of_a_verb(tokens: list[Token], k: int) -> bool:
    """「住民票の 写し、印鑑登録証明書、…」: a verb's stem after the の of a noun is a noun (写し, 受け取り), one
    item of a list, not a clause that ends there."""
    return tokens[k].is_verb and k > 0 and tokens[k - 1].surface == "の" and tokens[k - 1].pos2 == "格助詞"


# 「届くか、たしかめて ください」: the か clause is what to find out, not a first way of two
_FIND_OUT = {"確認", "確かめる", "たしかめる", "調べる", "しらべる", "考える", "決める", "相談", "判断"}


def _one_way(tokens: list[Token], k: int) -> bool:
    """「自然に 解けるのを 待つか、タオルを かぶせて…ください」: the か at tokens[k] offers the first of two ways.

    Not when the request asks to find out whether (確認, たしかめる) or is a bare verb (…するか、聞いて), and not
    after a verb that helps the one before it (して いるか、), which asks no act of its own.
    """
    verb, rest = tokens[k - 1], tokens[k + 2:]
    if not verb.is_verb or not verb.c_form.startswith("終止形") or (k >= 2 and tokens[k - 2].surface in ("て", "で")):
        return False
    bare = not rest or (rest[0].is_verb and len(rest) >= 2 and rest[1].surface in ("て", "で"))
    return not bare and not any(t.base in _FIND_OUT or t.surface in _FIND_OUT for t in rest)


def _topic_before(tokens: list[Token], k: int) -> bool:
    """A は before tokens[k]: 「会場は 公民館で、」 says what the topic is; with none, 「強い 風で、」 and
    「手を 洗う ことで、」 say by what (the analyser tags both で the same), and 「強い 風です。」 is a slip."""
    return any(t.surface == "は" and t.pos1 == "助詞" for t in tokens[:k])


def _is_reason(tokens: list[Token], k: int) -> bool:
    token = tokens[k]
    if token.surface == "で" and token.base == "だ" and k and tokens[k - 1].surface == "の":
        return True  # 〜ので
    return token.surface in _REASONS and (token.pos2 == "接続助詞" or (
        token.surface == "ため" and k > 0 and (tokens[k - 1].is_verb or tokens[k - 1].pos1 == "助動詞")))


def _governing_tone(tokens: list[Token], k: int, sentence: str) -> str:
    """The politeness of the predicate a 〜て / 連用中止 clause at tokens[k] hangs on.

    That predicate is the next one before a reason or contrast (「外出を控え、…してください」 asks twice;
    「公民館を開放し、水を配布していますので、ご利用ください」 states, then asks).
    """
    whole = _tone(sentence)
    for j in range(k + 1, len(tokens)):
        if _is_reason(tokens, j):
            tone = _tone(sentence[:tokens[j].start].removesuffix("の"))  # 〜ので is の + で
            # 「水位が上昇し、…おそれがあるため、…を発令しました」: a reason in the present tense of a report
            # says what is going on now (水の 高さが 上がって います), not what will happen
            return "ています" if tone == "ます" and whole in ("ました", "ています") else tone
    return whole


def _purpose(tokens: list[Token], k: int, sentence: str) -> list[str] | None:
    """「安全に するため、…を 通行止めに しています。」 → what is done, then 「安全に するためです。」.

    A plain verb before ため says what for (or a reason still to come); cut as a reason it would read
    「安全に します。」, a statement the notice never made. Said after, 「〜ためです」 fits both.
    """
    verb = tokens[k - 1]
    if tokens[k].surface != "ため" or not verb.is_verb or not verb.c_form.startswith("連体形") \
            or (k >= 2 and tokens[k - 2].surface in ("て", "で")):
        return None
    start = max((t.end for t in tokens[:k] if t.surface == "、"), default=tokens[0].start)
    subject = next((j for j in range(k - 2, -1, -1) if tokens[j].surface == "が" and tokens[j].pos2 == "格助詞"), -1)
    topic = any(t.surface == "は" and t.pos1 == "助詞" for t in tokens[:k])
    if subject >= 0 and tokens[subject].start >= start \
            and not any(t.is_verb or _adjective(t) or t.pos1 == "助動詞" for t in tokens[subject + 1:k - 1]) \
            and (not topic or any(t.surface == "は" and t.pos1 == "助詞" for t in tokens[k + 1:])):
        # 「(証は、)有効期限が 切れる ため、対象の 人には、…」: the verb's own subject makes it a reason, said
        # first as a fact; a topic before it is the reason's when what follows has one of its own
        return None
    rest = sentence[:start] + sentence[tokens[k + 1].end:].lstrip()
    if k - 1 == 0 or len(sentence[start:tokens[k].end]) < _MIN or len(rest.strip()) < _MIN:
        return None
    return [*split_clauses(rest), sentence[start:tokens[k].end].strip() + "です。"]


def _comma_after_reason(sentence: str) -> str:
    """「…水道管は こおりやすいので 気を つけて ください」 (too long): a 〜ので with no comma after it ends a
    clause as much as one with a comma does; a short sentence reads whole and keeps it."""
    if len(sentence) <= _LONG:
        return sentence
    tokens = tokenize(sentence)
    for no, de, after in reversed(list(zip(tokens, tokens[1:], tokens[2:], strict=False))):
        if no.surface == "の" and de.surface == "で" and de.base == "だ" and after.pos1 != "補助記号" \
                and no.end == de.start:
            sentence = sentence[:de.end] + "、" + sentence[de.end:]
    return sentence


def split_clauses(sentence: str) -> list[str]:
    """A sentence cut at each clause boundary (〜て、〜ので、〜ため、〜が、連用中止) into polite sentences."""
    sentence = _comma_after_reason(sentence)
    tokens = tokenize(sentence)
    for k in range(1, len(tokens) - 1):
        if tokens[k + 1].surface != "、":
            continue
        if purpose := _purpose(tokens, k, sentence):
            return purpose
        found = _clause_end(tokens, k, sentence, _governing_tone(tokens, k + 1, sentence))
        if found is None:
            continue
        head, prefix = found
        rest = sentence[tokens[k + 1].end:].strip()
        if len(head) < _MIN or len(rest) < _MIN:
            continue
        return [head + "。", *split_clauses(prefix + _still_if(head, prefix, rest) + _topic(rest))]
    return [sentence]


# a condition (ガスの においが する ときは、, 地震が おきたら、, ゆれが おさまったら)
_IF = re.compile(r"(?:とき(?:に)?は|場合は|たら|なら|れば)")


def _still_if(head: str, prefix: str, rest: str) -> str:
    """「ガスの においが する ときは、火を 使わず、窓を 開けて ください」: cut after the first request, the second
    would be asked always; 「そのときは、」 keeps it under the condition (not when it has one of its own), as it
    keeps a statement of what happens then."""
    if prefix or not _IF.search(head) or _IF.search(rest):
        return ""
    # a statement with a topic of its own (「結果は …知らせます」) holds whatever happens; one without
    # (「おくれた ときの お金が かかる ことが あります」) is what happens then
    topic = any(t.surface == "は" and t.pos1 == "助詞" for t in tokenize(rest))
    return "そのときは、" if rest.rstrip("。").endswith("ください") or not topic else ""


# nouns that only shape the verb before them (a plan, a fact, a purpose): they need no topic of their own
_FORMAL = {"よてい", "予定", "こと", "はず", "つもり", "ため", "もの", "とき", "ところ", "見込み", "わけ", "よう",
           "そう", "ほう", "まま", "ばかり", "だけ"}


def _topic(rest: str) -> str:
    """「…と言って、ATMへ 行くように 言う やりかたです。」: cut off, 「〜 やりかたです」 says what with no one
    to say it of; 「これは、」 points back at what the sentence before described."""
    tokens = [t for t in tokenize(rest) if t.pos1 != "補助記号"]
    j = len(tokens) - 2  # back over the head noun (やり + かた is a verb stem and a suffix)
    while j > 0 and (tokens[j].pos1 in ("名詞", "接尾辞") or (tokens[j].is_verb and tokens[j + 1].pos1 == "接尾辞")):
        j -= 1
    if j < 1 or j == len(tokens) - 2 or tokens[-1].surface != "です" \
            or not (tokens[j].is_verb and tokens[j].c_form.startswith("連体形")) \
            or any(t.pos1 == "助詞" and t.surface in ("は", "が", "も") for t in tokens) \
            or "".join(t.surface for t in tokens[j + 1:-1]) in _FORMAL:
        return rest  # 「…もとに もどる よていです」: よてい, こと, ため say how the verb is meant, no one's name
    return "これは、" + rest


def polite_ending(sentence: str) -> str:
    """Plain endings (する。だ。である。危ない。) → です/ます."""
    body = sentence.rstrip("。！？!? ")
    mark = sentence[len(body):] or "。"
    if not body or _POLITE_END.search(body) or not sentence.endswith(("。", "！", "？", "!", "?")):
        return sentence
    body = re.sub(r"(?:である|だ)$", "です", body)
    body = re.sub(r"だった$", "でした", body)
    if _POLITE_END.search(body):
        return body + mark
    tokens = tokenize(body)
    first, ending = _polite(tokens, len(tokens))
    return body[:tokens[first].start] + ending + mark


# a comma-delimited phrase that only says when: 「11月26日（木曜日）午前9時から午後3時まで、」,
# 「あした6月15日（月曜日）の夜から16日の朝にかけて、」
_WHEN_CHARS = "0-9年月日（）曜令和元午前後時分からまでごろ頃火水木金土"
_PART_OF_DAY = "(?:の)?(?:夜中|夜|朝|昼|夕方|明け方)"
_WHEN_PIECE = rf"(?:[{_WHEN_CHARS}～〜]|{_PART_OF_DAY}|にかけて|の\d+日間)"
# 「午後3時に、」 says when as much as 「午後3時、」 (the に goes with the phrase); 「…までに、」 is a deadline
_WHEN = re.compile(rf"(?:^|(?<=、)|(?<=[^、。]は))(?P<when>(?:きょう|あした|あさって)?{_WHEN_PIECE}*\d{_WHEN_PIECE}*)"
                   r"(?:(?<!まで)に)?、")
_CLOCK = re.compile(rf"(?:午前|午後|{_PART_OF_DAY})")


def split_when(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with a when-phrase between commas → the sentence without it, then 日にち/時間 sentences."""
    if len(sentence) <= limit:
        return [sentence]
    match = _WHEN.search(sentence)
    as_of = match is not None and match["when"].endswith("で") and not match["when"].endswith("まで")  # 午前10時で、
    if match is None or as_of or ("月" not in match["when"] and not _CLOCK.search(match["when"])):
        return [sentence]
    # 「年始は1月4日（月曜日）から、…」: the topic stays, with the comma the when-phrase had
    topic = "、" if sentence[:match.start()].endswith("は") else ""
    rest = sentence[:match.start()] + topic + sentence[match.end():]
    when = match["when"].replace("にかけて", "まで")
    if span := clocked_span(when):  # two days, each with its clock: not one day and a span of hours
        return [rest, *span]
    clock = _CLOCK.search(when)
    day, time = (when[:clock.start()], when[clock.start():]) if clock else (when, "")
    if clock and not clock.group(0).startswith("午"):
        day, time = "", when  # 「6月15日の夜から16日の朝まで」 is one span of time, not a day and a clock
    out = [rest]
    if day and re.search(r"\d", day):
        out.append(f"日にちは{day}です。")
    elif day:
        time = day + time
    if time:
        out.append(f"時間は{time}です。")
    return out
