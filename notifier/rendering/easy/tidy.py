"""Grammar repairs after word replacement: a replaced noun often leaves 「V こと」 where a plain verb reads better.

収集となります → あつめる ことと なります → あつめます; 接種を希望する → うつ ことを したい → うちたい.
"""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import tokenize
from notifier.rendering.easy.conjugate import Form, conjugate

# what follows 「V こと」 → (prefix before the verb, form of the verb, what follows it)
_AFTER_KOTO: dict[str, tuple[str, Form, str]] = {
    "こととなります": ("", "masu", "ます"), "こととなりました": ("", "masu", "ました"),
    "こととなる": ("", "dict", ""), "ことをしたい": ("", "masu", "たい"),
    "ことを休みます": ("", "masu", "ません"), "ことをまたはじめます": ("また", "masu", "ます"),
    "ことをします": ("", "masu", "ます"), "ことをしました": ("", "masu", "ました"),
    "ことをしています": ("", "te", "います"),
    "ことがないとき": ("", "nai", "ないとき"), "ことのお知らせ": ("", "dict", "お知らせ"),
    "ことのため": ("", "dict", "ため"),
}
# 「V ことが できます」 → the potential verb (使えます, あつめられません): shorter, and right after が too
_CAN: dict[str, tuple[Form, str]] = {"ことができます": ("masu", "ます"), "ことができません": ("masu", "ません"),
                                     "ことができない": ("nai", "ない"), "ことができなく": ("nai", "なく"),
                                     "ことができる": ("dict", "")}
_PATTERN = re.compile("|".join(sorted([*_AFTER_KOTO, *_CAN], key=len, reverse=True)))


# 「規模を縮小して実施します」 → 「小さく して します」: a second する after a て-form reads as a slip
_TE_SHIMASU = re.compile(r"(?<=て)(?=します|しました)")
# 「窓口で 行う ことが できます」 → 「窓口で できます」 (する alone after a place or time particle)
_SURU_CAN = re.compile(r"(?<=[でにはも])することができ")


# 「窓口の受付時間」 → 「うけつけの うけつけの 時間」: two words with one easy form said once
_SAID_TWICE = re.compile(r"([ぁ-んァ-ヶー一-龥]{2,})の\1の")


def tidy(text: str) -> str:
    """``text`` with 「V こと + と なります / を したい …」 said with the verb itself."""
    text = _SAID_TWICE.sub(r"\1の", text)
    text = _SURU_CAN.sub("でき", _TE_SHIMASU.sub("や", text)).replace("てやします", "てやります") \
        .replace("てやしました", "てやりました")
    for match in reversed(list(_PATTERN.finditer(text))):  # right to left: earlier offsets stay valid
        verb = next((t for t in tokenize(text) if t.end == match.start()), None)  # whole text: context decides
        if verb is None or not verb.is_verb or verb.surface != verb.base:
            continue
        said = match.group(0)
        if said in _CAN:
            if verb.c_type.startswith("サ行変格"):
                continue  # 投票を する ことが できます: 「できます」 alone would drop the verb's object marker
            potential = conjugate(verb.base, verb.c_type, "potential")
            form, tail = _CAN[said]
            text = text[:verb.start] + conjugate(potential, "下一段", form) + tail + text[match.end():]
            continue
        prefix, form, tail = _AFTER_KOTO[said]
        text = text[:verb.start] + prefix + conjugate(verb.base, verb.c_type, form) + tail + text[match.end():]
    return text
