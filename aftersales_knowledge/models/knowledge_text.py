"""Words of an article or a request, in English and Chinese, and a small relevance score.

English is lower-cased, split on letters and digits, stripped of common words and of a plain
suffix (``returned``, ``returns`` → ``return``). Chinese runs are segmented with jieba, plus the
character pairs of each run, so a traditional-script request still meets a simplified-script
word list (and the other way round) on the pairs they share.
"""

import logging
import math
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

# Weights of the structured signals, next to the text overlap (sum of the shared words' idf).
CATEGORY_WEIGHT = 2.0
PARENT_CATEGORY_WEIGHT = 1.0
PRODUCT_WEIGHT = 3.0
LANGUAGE_WEIGHT = 0.5


def _stem(word):
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text, html=False):
    """The set of index terms of ``text`` (plain text, or HTML when ``html``)."""
    if not text:
        return set()
    if html:
        text = html2plaintext(text)
    text = text.lower()
    found = {_stem(word) for word in WORD.findall(text) if len(word) > 1 and word not in EN_STOP}
    for run in CJK_RUN.findall(text):
        found.update(
            word for word in jieba.cut_for_search(run) if len(word) > 1 and word not in ZH_STOP
        )
        found.update(
            pair for pair in (run[i : i + 2] for i in range(len(run) - 1)) if pair not in ZH_STOP
        )
    return found


def idf(documents):
    """{term: inverse document frequency} over ``documents`` (sets of terms)."""
    total = len(documents)
    counts = {}
    for document in documents:
        for term in document:
            counts[term] = counts.get(term, 0) + 1
    return {term: math.log(1.0 + total / count) for term, count in counts.items()}


def text_score(query_terms, document_terms, weights):
    """Sum of the weights of the terms the query and the document share."""
    return sum(weights.get(term, 0.0) for term in query_terms & document_terms)
