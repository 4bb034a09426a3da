"""A category without a label of its own is named as the vocabulary names it."""

from __future__ import annotations

from core.models import DialogueCategory
from core.models.enums import Category


def test_a_category_without_a_label_keeps_its_acronym():
    assert DialogueCategory(category=Category.CSO).name == "CSO"
    assert DialogueCategory(category=Category.NHRI).name == "NHRI"
    assert DialogueCategory(category=Category.DELEGATE).name == "Delegate"
    assert DialogueCategory(category=Category.CSO, label="Civil society").name == "Civil society"
