"""A small relevance score over the words of an article or a request (the words come from
the suite's tokeniser, ``aftersales_flow.text``)."""

import math

# The tokeniser is the suite's one, in aftersales_flow (the classification learns with it).
from odoo.addons.aftersales_flow.text import terms  # noqa: F401 (used by document_page)

# Weights of the structured signals, next to the text overlap (sum of the shared words' idf).
CATEGORY_WEIGHT = 2.0
PARENT_CATEGORY_WEIGHT = 1.0
PRODUCT_WEIGHT = 3.0
LANGUAGE_WEIGHT = 0.5


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
