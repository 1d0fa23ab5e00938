"""Words of a case or an article, in English and Chinese: the suite's one tokeniser.

English is lower-cased, split on letters and digits, stripped of common words and of a plain
suffix (``returned``, ``returns`` → ``return``). Chinese runs are segmented with jieba, plus the
character pairs of each run, so a traditional-script request still meets a simplified-script
word list (and the other way round) on the pairs they share.

The classification that learns (``aftersales.classifier``) counts these tokens; the knowledge
base's suggestions (``aftersales_knowledge``) compare their sets.
"""

import logging
import re

import jieba

from odoo.tools import html2plaintext

jieba.setLogLevel(logging.WARNING)

WORD = re.compile(r"[a-z0-9]+")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
EN_STOP = frozenset(
    """a an and are as at be been but by can could did do does for from get got had has have
    how i if in into is it its me my no not of on or our please so than that the their them
    then there they this to too was we were what when where which who why will with would you
    your yours hello hi thanks thank dear regards""".split()
)
ZH_STOP = frozenset(
    """的 了 我 是 在 和 有 你 您 们 吗 呢 吧 啊 这 那 就 也 都 要 与 及 或
    一个 什么 怎么 怎样 如何 可以 没有 已经 我的 请问 谢谢 你好 您好
    一下 这个 那个 還是 还是 我們 我们 什麼 怎麼""".split()
)
SUFFIXES = ("ing", "ed", "es", "s", "e")


def _stem(word):
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text, html=False):
    """The list of tokens of ``text`` (plain text, or HTML when ``html``), repeated as often
    as they occur: English words, jieba's Chinese words and the Chinese character pairs."""
    if not text:
        return []
    if html:
        text = html2plaintext(text)
    text = text.lower()
    found = [_stem(word) for word in WORD.findall(text) if len(word) > 1 and word not in EN_STOP]
    for run in CJK_RUN.findall(text):
        found.extend(
            word for word in jieba.cut_for_search(run) if len(word) > 1 and word not in ZH_STOP
        )
        found.extend(
            pair for pair in (run[i : i + 2] for i in range(len(run) - 1)) if pair not in ZH_STOP
        )
    return found


def terms(text, html=False):
    """The set of index terms of ``text`` (plain text, or HTML when ``html``)."""
    return set(tokens(text, html=html))
