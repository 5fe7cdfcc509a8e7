"""The event taxonomy (四大类 → 子类), GB 6441 accident types and 灾情 hazards, from resources/rules."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from dutyroom.errors import ValidationError
from dutyroom.paths import app_path


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, tuple[str, ...]]
    accident_types: tuple[str, ...]
    hazards: tuple[str, ...]

    def subtypes(self, category: str) -> tuple[str, ...]:
        return self.categories.get(category, ())

    def choices(self, name: str) -> tuple[str, ...]:
        if name == "accident_types":
            return self.accident_types
        if name == "hazards":
            return self.hazards
        if name == "categories":
            return tuple(self.categories)
        raise KeyError(name)

    def resolve(self, text: str) -> tuple[str, str]:
        """(category, subtype) for a category name, a subtype name or a GB 6441 accident type."""
        text = (text or "").strip()
        if not text:
            return "", ""
        if text in self.categories:
            return text, ""
        for category, subtypes in self.categories.items():
            if text in subtypes:
                return category, text
        if text in self.accident_types:
            return "事故灾难", ""
        if text in self.hazards:
            return "自然灾害", ""
        raise ValidationError(
            f"未知的事件类别“{text}”：可用 {'、'.join(self.categories)}，或其子类、事故类别。", field="category")


@functools.lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    data = json.loads(app_path("resources", "rules", "taxonomy.json").read_text(encoding="utf-8"))
    return Taxonomy(
        categories={c["name"]: tuple(c["subtypes"]) for c in data["categories"]},
        accident_types=tuple(data["accident_types"]),
        hazards=tuple(data["hazards"]),
    )
