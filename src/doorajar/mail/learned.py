"""The learned part of the classifier: sentence embeddings and small linear models.

Runs offline on the CPU. Sentences are embedded with WordLlama's static token embeddings,
which ship inside its wheel (`doorajar.embeddings` loads them from the package's own
folder, never downloading). On top sit small linear models trained by
`scripts/train_classifier.py` and shipped beside this file as `learned_weights.npz`:
plain arrays, read with `allow_pickle=False`.

- a sentence model: for each body sentence, how much it reads like each category; the
  best-scoring sentence is the candidate decision sentence;
- a message model: the mean of the body sentences' embeddings and the subject's;
- a combiner: those scores with the phrase rules' votes and the header signals, into one
  calibrated probability per category;
- a kind model (form or personal) for rejections.

Only messages that pass the cheap job-search gate reach this module, so ordinary mail
never pays for it.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from doorajar.embeddings import DIM

Array = npt.NDArray[np.float32]
CLASSES = (
    "rejection",
    "application_received",
    "interview",
    "offer",
    "recruiter_outreach",
    "other",
)
WEIGHTS = "learned_weights.npz"
RANKERS = ("company", "role")
RANKER_PARTS = ("w", "b", "mu", "sd", "t")
# Word stems (first letters of each word) and pairs of them, hashed into this many
# buckets: the lexical side of the models, which carries across a word's forms
# ("selezionato", "selezionata") where the embeddings know little of a language.
HASH_BITS = 15
_MASK = (1 << HASH_BITS) - 1
STEM = 6
_WORD = re.compile(r"[^\W\d_]{2,}")


def stem_ids(text: str) -> list[int]:
    """The hashed stem and stem-pair features of a text, sorted, without repeats."""
    toks = [w[:STEM] for w in _WORD.findall(text.lower())]
    grams = toks + [f"{a} {b}" for a, b in pairwise(toks)]
    return sorted({zlib.crc32(g.encode("utf-8")) & _MASK for g in grams})


def softmax(z: Array) -> Array:
    """Row-wise softmax."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: Array = e / e.sum(axis=-1, keepdims=True)
    return out


def message_vector(sent_vecs: Array, judged: list[int], subject_vec: Array | None) -> Array:
    """The message model's input: mean of the judged sentences, then the subject."""
    body = sent_vecs[judged].mean(axis=0) if judged else np.zeros(DIM, dtype=np.float32)
    n = float(np.linalg.norm(body)) or 1.0
    subj = subject_vec if subject_vec is not None else np.zeros(DIM, dtype=np.float32)
    return np.concatenate([body / n, subj]).astype(np.float32)


class LearnedModel:
    """The shipped linear models (see the module docstring)."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.sent_w: Array = arrays["sent_w"]
        self.sent_h: Array = arrays["sent_h"]
        self.sent_b: Array = arrays["sent_b"]
        self.msg_w: Array = arrays["msg_w"]
        self.msg_h: Array = arrays["msg_h"]
        self.msg_b: Array = arrays["msg_b"]
        self.stack_w: Array = arrays["stack_w"]
        self.stack_b: Array = arrays["stack_b"]
        self.stack_mu: Array = arrays["stack_mu"]
        self.stack_sd: Array = arrays["stack_sd"]
        self.kind_w: Array = arrays["kind_w"]
        self.kind_b: float = float(arrays["kind_b"][0])
        self.kind_mu: Array = arrays["kind_mu"]
        self.kind_sd: Array = arrays["kind_sd"]
        # The candidate rankers ("company", "role"): weights, bias, scaling and the
        # probability below which the best candidate is no answer. Optional: a model
        # without them leaves the choice to the rules.
        self.rankers: dict[str, dict[str, Array]] = {
            name: {part: arrays[f"{name}_{part}"] for part in RANKER_PARTS}
            for name in RANKERS
            if f"{name}_w" in arrays
        }

    def sentence_probs(self, vecs: Array, ids: list[list[int]]) -> Array:
        """Per sentence, the probability of each category, then of "none"."""
        if len(vecs) == 0:
            return np.zeros((0, len(self.sent_b)), dtype=np.float32)
        z = vecs @ self.sent_w.T + self.sent_b
        for k, row in enumerate(ids):
            if row:
                z[k] += self.sent_h[row].sum(axis=0) / np.sqrt(len(row))
        return softmax(z)

    def message_probs(self, vec: Array, ids: list[int]) -> Array:
        """The message model's probability of each category."""
        z = vec @ self.msg_w.T + self.msg_b
        if ids:
            z = z + self.msg_h[ids].sum(axis=0) / np.float32(np.sqrt(len(ids)))
        return softmax(z.astype(np.float32))

    def combine(self, features: Array) -> Array:
        """The combiner's calibrated probability of each category."""
        x = (features - self.stack_mu) / self.stack_sd
        z = x @ self.stack_w.T + self.stack_b
        return softmax(z.astype(np.float32))

    def personal_prob(self, features: Array) -> float:
        """Probability that a rejection is personal."""
        x = (features - self.kind_mu) / self.kind_sd
        z = float(x @ self.kind_w + self.kind_b)
        return 1.0 / (1.0 + float(np.exp(-z)))

    def candidate_probs(self, name: str, features: Array) -> Array | None:
        """The ranker's probability that each candidate (one row each) is the answer;
        None if the model has no such ranker."""
        r = self.rankers.get(name)
        if r is None:
            return None
        x = (features - r["mu"]) / r["sd"]
        z = x @ r["w"] + r["b"][0]
        out: Array = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def pick(self, name: str, features: Array) -> int | None:
        """The candidate the ranker chooses, or None when none is likely enough (the
        answer is not in the message)."""
        p = self.candidate_probs(name, features)
        if p is None or len(p) == 0:
            return None
        k = int(np.argmax(p))
        return k if float(p[k]) >= float(self.rankers[name]["t"][0]) else None

    def arrays(self) -> dict[str, Array]:
        """The arrays, as saved."""
        extra = {
            f"{name}_{part}": value
            for name, parts in self.rankers.items()
            for part, value in parts.items()
        }
        return extra | {
            "sent_w": self.sent_w,
            "sent_h": self.sent_h,
            "sent_b": self.sent_b,
            "msg_w": self.msg_w,
            "msg_h": self.msg_h,
            "msg_b": self.msg_b,
            "stack_w": self.stack_w,
            "stack_b": self.stack_b,
            "stack_mu": self.stack_mu,
            "stack_sd": self.stack_sd,
            "kind_w": self.kind_w,
            "kind_b": np.array([self.kind_b], dtype=np.float32),
            "kind_mu": self.kind_mu,
            "kind_sd": self.kind_sd,
        }


@cache
def load_learned() -> LearnedModel | None:
    """The shipped model, read once; None if the package has no weights."""
    try:
        ref = resources.files("doorajar.mail").joinpath(WEIGHTS)
        with ref.open("rb") as f, np.load(f, allow_pickle=False) as data:
            arrays = {k: np.asarray(data[k], dtype=np.float32) for k in data.files}
    except (FileNotFoundError, OSError):
        return None
    return LearnedModel(arrays)
