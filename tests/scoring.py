"""Scoring the classifier on the labelled sets.

Shared by the accuracy tests (tests/test_classify.py), `python -m benchmarks.accuracy`,
which prints the same figures, and the training script (scripts/train_classifier.py),
which reads the hand-written corpus through `writer_items`.

Three sets:
- tests/data/emails: the generated corpus, split "dev" / "heldout";
- tests/data/emails_fresh: individually written messages, "fresh_dev" / "fresh_test";
- tests/data/mail_corpus: one folder per independent writer (w01..w16), each a JSONL of
  records with headers, text and/or html and labels; `sealed/` holds the writers kept
  for the sealed test set, measured once per release and never tuned on.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from doorajar.mail.classify import classify
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.mail.parse import parse

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "emails"
FRESH = DATA / "emails_fresh"
WRITERS = DATA / "mail_corpus"
SEALED = WRITERS / "sealed"
# The review threshold doorajar ships with (settings.review_threshold, as a fraction).
REVIEW_THRESHOLD = 0.6


@dataclass(frozen=True)
class Item:
    """One labelled message: where it comes from, its raw bytes and its labels."""

    id: str
    group: str  # the writer (or the set) it comes from
    raw: bytes
    labels: dict[str, Any]


_BODY_HEADERS = frozenset({"content-type", "content-transfer-encoding", "mime-version"})


def record_bytes(record: dict[str, Any]) -> bytes:
    """A hand-written corpus record as the raw message a mailbox would hold."""
    m = EmailMessage(policy=email.policy.SMTPUTF8)
    for name, value in record["headers"].items():
        if name.lower() in _BODY_HEADERS:
            continue  # the body below sets its own structure
        m[name] = value
    text, markup = record.get("text"), record.get("html")
    if text and markup:
        m.set_content(text)
        m.add_alternative(markup, subtype="html")
    elif markup:
        m.set_content(markup, subtype="html")
    else:
        m.set_content(text or "")
    return m.as_bytes()


def writer_names() -> list[str]:
    """The training writers' folders (w01, w02, ...), sealed ones excluded."""
    return sorted(p.name for p in WRITERS.iterdir() if p.is_dir() and p.name.startswith("w"))


def writer_items(writer: str, folder: Path = WRITERS) -> list[Item]:
    """Every message one writer wrote."""
    out = []
    path = folder / writer / "messages.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append(Item(rec["id"], writer, record_bytes(rec), rec["labels"]))
    return out


def sealed_items() -> list[Item]:
    """The sealed writers' messages: measure once per release, never tune on them."""
    names = sorted(p.name for p in SEALED.iterdir() if p.is_dir())
    return [it for name in names for it in writer_items(name, SEALED)]


UNSEEN = WRITERS / "unseen"


def unseen_items() -> list[Item]:
    """Writers who joined after the shipped model was trained: new worlds it never saw."""
    if not UNSEEN.is_dir():
        return []  # every writer is in training
    names = sorted(p.name for p in UNSEEN.iterdir() if p.is_dir())
    return [it for name in names for it in writer_items(name, UNSEEN)]


def corpus_of(split: str) -> Path:
    """The folder holding a split: the fresh set's splits are named fresh_*."""
    return FRESH if split.startswith("fresh") else CORPUS


def load_labels(folder: Path = CORPUS) -> list[dict[str, Any]]:
    """The labels of the generated or the fresh set, one dict per message."""
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def split_items(split: str) -> list[Item]:
    """The messages of one split of the generated or the fresh set."""
    folder = corpus_of(split)
    out = []
    for label in load_labels(folder):
        if label["split"] == split:
            raw = (folder / label["file"]).read_bytes()
            out.append(Item(label["file"], split, raw, label))
    return out


_LEGAL = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|ag|se|sa|sas|sarl|s\.?a\.?|s\.?l\.?|bv|b\.v|nv|n\.v|plc|"
    r"corp|corporation|co|company|srl|s\.?r\.?l|spa|s\.?p\.?a|lda|ltda|kg|ug|oy|ab|as|pty|"
    r"llp|lp|pte|pvt|private|mbh|bhd|sdn|kk|asa|aps|oyj|e\.?v|s\.?a\.?s|sapi|de c\.?v|cv)\b\.?",
    re.IGNORECASE,
)


def norm(value: str | None) -> str:
    """Case- and space-insensitive form for exact matching; None -> ''."""
    return " ".join((value or "").casefold().split())


def norm_name(value: str | None) -> str:
    """A company or role for exact matching: case, accents' width forms, punctuation and
    legal suffixes ignored ("Brenwick Industries GmbH" = "brenwick industries")."""
    s = unicodedata.normalize("NFKC", value or "").casefold()
    s = _LEGAL.sub(" ", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


@dataclass
class Scores:
    """The figures for one set of messages."""

    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    category_ok: int = 0
    rejections: int = 0  # gold rejections
    found: int = 0  # gold rejections read as rejections
    kind_ok: int = 0  # on those found
    stage_ok: int = 0  # on gold rejections
    acks: int = 0
    ack_as_rejection: int = 0
    ordinary: int = 0
    ordinary_as_rejection: int = 0
    itp: int = 0
    ifp: int = 0
    ifn: int = 0
    interview_stage_ok: int = 0
    job: int = 0
    company_ok: int = 0
    role_ok: int = 0
    contact_ok: int = 0
    company_known: int = 0
    company_known_ok: int = 0
    role_known: int = 0
    role_known_ok: int = 0
    filed: int = 0  # confidence at or above the review threshold
    filed_wrong: int = 0
    seconds: float = 0.0
    stdlib_seconds: float = 0.0
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def interview_precision(self) -> float:
        return self.itp / (self.itp + self.ifp) if self.itp + self.ifp else 0.0

    @property
    def interview_recall(self) -> float:
        return self.itp / (self.itp + self.ifn) if self.itp + self.ifn else 0.0

    def rate(self, name: str) -> float:
        """A named rate: category, kind, stage, company, role, contact, company_known,
        role_known, ack_as_rejection, ordinary_as_rejection, filed_wrong, interview_stage."""
        num = getattr(self, f"{name}_ok", None)
        den = {
            "category": self.n,
            "kind": self.found,
            "stage": self.rejections,
            "interview_stage": self.itp,
            "company_known": self.company_known,
            "role_known": self.role_known,
        }.get(name, self.job)
        if name == "ack_as_rejection":
            num, den = self.ack_as_rejection, self.acks
        elif name == "ordinary_as_rejection":
            num, den = self.ordinary_as_rejection, self.ordinary
        elif name == "filed_wrong":
            num, den = self.filed_wrong, self.filed
        return float(num or 0) / den if den else 0.0

    def ece(self, bins: int = 10) -> float:
        """Expected calibration error of the category's confidence."""
        table = self.reliability(bins)
        return sum(n * abs(conf - acc) for _lo, n, conf, acc in table) / max(self.n, 1)

    def reliability(self, bins: int = 10) -> list[tuple[float, int, float, float]]:
        """(bin start, messages, mean confidence, accuracy) for each non-empty bin."""
        out = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [
                (c, ok)
                for c, ok in self.confidences
                if lo <= c < hi or (b == bins - 1 and c == 1.0)
            ]
            if inside:
                conf = sum(c for c, _ in inside) / len(inside)
                acc = sum(ok for _, ok in inside) / len(inside)
                out.append((lo, len(inside), conf, acc))
        return out

    def as_dict(self) -> dict[str, float]:
        """The headline figures, rounded."""
        out = {"messages": float(self.n)}
        out |= {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        for name in (
            "category",
            "kind",
            "stage",
            "company",
            "role",
            "contact",
            "company_known",
            "role_known",
            "ack_as_rejection",
            "ordinary_as_rejection",
            "filed_wrong",
            "interview_stage",
        ):
            out[name] = self.rate(name)
        out["interview_precision"] = self.interview_precision
        out["interview_recall"] = self.interview_recall
        out["ece"] = self.ece()
        out["held"] = 1.0 - self.filed / self.n if self.n else 0.0
        out["us_per_message"] = 1e6 * self.seconds / self.n if self.n else 0.0
        out["stdlib_parse_us_per_message"] = 1e6 * self.stdlib_seconds / self.n if self.n else 0.0
        return {k: round(v, 4) for k, v in out.items()}


Classifier = Callable[[ParsedMessage], Classification]


def score(
    items: Iterable[Item], classifier: Classifier = classify, *, timing: bool = False
) -> Scores:
    """Parse, classify and score every message."""
    s = Scores()
    parsed = []
    raws = []
    for item in items:
        msg = parse(item.raw)
        parsed.append(msg)
        raws.append(item.raw)
        c = classifier(msg)
        add(s, item, c)
    if timing:
        _time(s, parsed, raws, classifier)
    return s


def add(s: Scores, item: Item, c: Classification) -> None:
    """Count one classified message into the scores."""
    label = item.labels
    s.n += 1
    gold = label["category"]
    got = c.category.value
    unknowable = set(label.get("unknowable") or ())
    gold_rej = gold == "rejection"
    if c.is_rejection and gold_rej:
        s.tp += 1
    elif c.is_rejection:
        s.fp += 1
    elif gold_rej:
        s.fn += 1
    if gold == "application_received":
        s.acks += 1
        s.ack_as_rejection += c.is_rejection
    if gold == "other":
        s.ordinary += 1
        s.ordinary_as_rejection += c.is_rejection
    if got == "interview" and gold == "interview":
        s.itp += 1
        stage = c.stage.value if c.stage else None
        s.interview_stage_ok += stage == label.get("stage")
    elif got == "interview":
        s.ifp += 1
    elif gold == "interview":
        s.ifn += 1
    ok = got == gold
    s.confidences.append((c.confidence, ok))
    if c.confidence >= REVIEW_THRESHOLD:
        s.filed += 1
        s.filed_wrong += not ok
    wrong: list[str] = []
    if ok:
        s.category_ok += 1
    else:
        wrong.append(f"category {got} != {gold}")
    if gold_rej:
        s.rejections += 1
        stage = c.stage.value if c.stage else None
        if c.is_rejection:
            s.found += 1
            kind = c.kind.value if c.kind else None
            if kind == label["kind"]:
                s.kind_ok += 1
            else:
                wrong.append(f"kind {kind} != {label['kind']}")
        if stage == label["stage"]:
            s.stage_ok += 1
        else:
            wrong.append(f"stage {stage} != {label['stage']}")
    if gold != "other":
        s.job += 1
        for name, value in (("company", c.company), ("role", c.role), ("contact", c.contact_name)):
            want = label["contact_name" if name == "contact" else name]
            same = (norm_name if name != "contact" else norm)(value) == (
                norm_name if name != "contact" else norm
            )(want)
            if same:
                setattr(s, f"{name}_ok", getattr(s, f"{name}_ok") + 1)
            else:
                wrong.append(f"{name} {value!r} != {want!r}")
            if name in ("company", "role") and name not in unknowable:
                setattr(s, f"{name}_known", getattr(s, f"{name}_known") + 1)
                setattr(s, f"{name}_known_ok", getattr(s, f"{name}_known_ok") + same)
    if wrong:
        s.errors.append(f"{item.id}: " + "; ".join(wrong) + f"  {list(c.reasons)[:3]}")


def _time(
    s: Scores, parsed: list[ParsedMessage], raws: list[bytes], classifier: Classifier
) -> None:
    # Time classify alone (parsing excluded); the best of three passes, as the machine
    # may be busy with other work.
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for msg in parsed:
            classifier(msg)
        runs.append(time.perf_counter() - t0)
    s.seconds = min(runs)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for raw in raws:
            email.message_from_bytes(raw, policy=email.policy.default).get_body()
        runs.append(time.perf_counter() - t0)
    s.stdlib_seconds = min(runs)


def evaluate(split: str) -> Scores:
    """Parse, classify and score every message of one split of the older sets."""
    return score(split_items(split), timing=True)
