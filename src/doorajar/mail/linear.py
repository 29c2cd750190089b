"""The small trained model: tf-idf over words and word pairs, then linear scores.

Pure Python at run time. The weights are plain JSON (`model_weights.json`, written by
`scripts/train_classifier.py` from the development corpus only); no pickle, no
scikit-learn needed to use them. `tokens()` is shared with the training script so
that training and use see exactly the same features.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
MAX_CHARS = 4000


def tokens(text: str) -> list[str]:
    """Lower-cased words and adjacent word pairs of the first part of `text`."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


class LinearModel:
    """Multinomial category scores plus a binary personal-vs-form score for rejections."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.classes: list[str] = list(data["classes"])
        self.idf: dict[str, float] = dict(data["idf"])
        self.coef: dict[str, list[float]] = {k: list(v) for k, v in data["coef"].items()}
        self.intercept: list[float] = list(data["intercept"])
        kind = data.get("kind") or {}
        self.kind_coef: dict[str, float] = dict(kind.get("coef", {}))
        self.kind_intercept: float = float(kind.get("intercept", 0.0))
        self.has_kind = bool(self.kind_coef)

    def _vector(self, text: str) -> dict[str, float]:
        counts: dict[str, int] = {}
        idf = self.idf
        for tok in tokens(text):
            if tok in idf:
                counts[tok] = counts.get(tok, 0) + 1
        vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def category_probs(self, text: str) -> dict[str, float]:
        """Probability of each category for this text."""
        vec = self._vector(text)
        logits = list(self.intercept)
        for tok, val in vec.items():
            row = self.coef.get(tok)
            if row is not None:
                for i, w in enumerate(row):
                    logits[i] += w * val
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def personal_prob(self, text: str) -> float | None:
        """Probability that a rejection is personal rather than a form; None without weights."""
        if not self.has_kind:
            return None
        z = self.kind_intercept
        for tok, val in self._vector(text).items():
            z += self.kind_coef.get(tok, 0.0) * val
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load_model() -> LinearModel | None:
    """The shipped model, read once; None if the package has no weights."""
    try:
        raw = resources.files("doorajar.mail").joinpath("model_weights.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return LinearModel(json.loads(raw))
