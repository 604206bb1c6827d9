"""Reading the 情况说明 narrative: facts (contract keys) and budget execution rows.

The functions here work on `Para` (text + heading path + page/line) so they can be tested on
plain strings; `pipeline.stages.narrative` adapts a Document to them.
"""
from pipeline.narrative.budget_execution import extract_budget_execution
from pipeline.narrative.facts import extract_facts
from pipeline.narrative.paras import Heading, Para, paras_from_document

__all__ = ["Heading", "Para", "extract_budget_execution", "extract_facts", "paras_from_document"]
