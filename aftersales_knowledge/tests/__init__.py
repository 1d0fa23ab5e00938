from . import (
    test_articles,
    test_case_suggestions,
    test_help_center,
    test_knowledge_rpc,
    test_knowledge_tour,
)
