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
}
_PATTERN = re.compile("|".join(sorted(_AFTER_KOTO, key=len, reverse=True)))


def tidy(text: str) -> str:
    """``text`` with 「V こと + と なります / を したい …」 said with the verb itself."""
    for match in reversed(list(_PATTERN.finditer(text))):  # right to left: earlier offsets stay valid
        verb = next((t for t in tokenize(text) if t.end == match.start()), None)  # whole text: context decides
        if verb is None or not verb.is_verb or verb.surface != verb.base:
            continue
        prefix, form, tail = _AFTER_KOTO[match.group(0)]
        text = text[:verb.start] + prefix + conjugate(verb.base, verb.c_type, form) + tail + text[match.end():]
    return text
