"""Classifier accuracy on the labelled sets: `python -m benchmarks.accuracy`.

Parses every message with the real parser, classifies it and prints, for each split:
rejection precision / recall / F1, acknowledgements and ordinary mail read as rejections,
form vs personal (on the rejections found), company and role exact match (after
normalising case, punctuation and legal suffixes; on all job mail, and without the
messages where the answer is marked unknowable), interview precision / recall, the
expected calibration error with a reliability table, and how many messages are held for
review and how many filed without review are wrong.

Splits:
- `heldout` (the generated corpus' held-out part) and `fresh_test` (individually
  written, never tuned on), classified with the shipped model;
- `lowo`: leave-one-writer-out over the hand-written corpus (w01, w02, ...): for each writer
  the models are trained again on everything but that writer (needs scikit-learn, a test
  dependency) and scored on it; the mean and the worst writer;
- `sealed`: the sealed writers, with the shipped model. Measure once per release; never
  change anything because of what it shows.
- `unseen`: writers who joined after the shipped model was trained (tests/data/mail_corpus/
  unseen/), with the shipped model: worlds it never saw. They move into training at the
  next retraining, and are then no longer unseen.

`--set heldout,fresh_test,lowo,sealed` picks the splits (default: all). `--errors` lists
the mistakes of the leave-one-writer-out folds (never of the sealed set).

Leave-one-writer-out trains one model per writer; each fold's weights are kept in
`.cache/lowo/` under a key made of everything its training messages give the models
(labels, sentence vectors, rule votes, header signals, kind features) and the models' own
code, so a run after a change that does not reach the models (extraction, say) only
scores. `--no-cache` trains every fold again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the scoring is shared with the tests (tests/scoring.py)
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
from tests.scoring import (  # noqa: E402
    REVIEW_THRESHOLD,
    Scores,
    score,
    sealed_items,
    split_items,
    unseen_items,
)

from doorajar.mail.classify import classify  # noqa: E402
from doorajar.mail.parse import parse  # noqa: E402


def report(name: str, s: Scores, *, table: bool = True) -> str:
    """The figures of one split as text."""
    d = s.as_dict()
    lines = [
        f"{name} ({s.n} messages, {s.rejections} rejections, {s.acks} acknowledgements, "
        f"{s.ordinary} other, {s.job} job-search messages)",
        f"  rejection             precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}",
        f"  ack read as rejection {d['ack_as_rejection']:.3%} ({s.ack_as_rejection} of {s.acks})",
        f"  other read as rej.    {d['ordinary_as_rejection']:.3%} ({s.ordinary_as_rejection} of {s.ordinary})",
        f"  category accuracy     {d['category']:.3f}",
        f"  form vs personal      {d['kind']:.3f} (on {s.found} rejections found)",
        f"  rejection stage       {d['stage']:.3f}",
        f"  interview             precision {s.interview_precision:.3f}  recall {s.interview_recall:.3f}"
        f"  stage {d['interview_stage']:.3f}",
        f"  company exact         {d['company']:.3f}  (knowable only: {d['company_known']:.3f})",
        f"  role exact            {d['role']:.3f}  (knowable only: {d['role_known']:.3f})",
        f"  contact exact         {d['contact']:.3f}",
        f"  calibration           ECE {s.ece():.3f}; held for review {d['held']:.1%}; "
        f"filed without review and wrong {d['filed_wrong']:.2%} ({s.filed_wrong} of {s.filed})",
    ]
    if table:
        lines.append("  reliability: confidence bin, messages, mean confidence, accuracy")
        for lo, n, conf, acc in s.reliability():
            lines.append(f"    {lo:.1f}-{lo + 0.1:.1f}  {n:5d}  {conf:.3f}  {acc:.3f}")
    return "\n".join(lines)


def merge(parts: list[Scores]) -> Scores:
    """All folds' counts summed (the pooled figures)."""
    total = Scores()
    for s in parts:
        for name, value in vars(s).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                setattr(total, name, getattr(total, name) + value)
        total.confidences.extend(s.confidences)
        total.errors.extend(s.errors)
    return total


CACHE = ROOT / ".cache" / "lowo"
# The code of the models themselves; what the rules, the segmenting and the headers give
# them is in each message's digest below.
MODEL_SOURCES = [
    ROOT / "scripts" / "train_classifier.py",
    ROOT / "src" / "doorajar" / "mail" / "classify.py",
    ROOT / "src" / "doorajar" / "mail" / "learned.py",
]


def _code_key() -> str:
    h = hashlib.sha256()
    for path in MODEL_SOURCES:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _digest(row: Any) -> bytes:
    """Everything a training message gives the models: its label, its sentence vectors
    and stems, the rule votes and header signals, and the kind features. Extraction and
    the other code that does not feed the models leaves it unchanged."""
    from doorajar.mail import classify as cl
    from doorajar.mail.extract import split_signature
    from doorajar.mail.learned import CLASSES

    h = hashlib.sha256(f"{row.item.id}|{row.y}|{row.item.labels.get('kind')}".encode())
    ev = row.ev
    if ev is not None:
        h.update(np.ascontiguousarray(ev.vecs).tobytes())
        h.update(json.dumps([ev.ids, ev.msg_ids, row.body_rows, row.subj_row]).encode())
        zeros = np.zeros(len(CLASSES), dtype=np.float32)
        h.update(cl._assemble(ev, zeros, zeros).tobytes())
        h.update(cl.kind_features(ev, split_signature(ev.text)[1]).tobytes())
    return h.digest()


def _fold_model(
    tc: Any, writer: str, train: list[Any], digests: dict[str, bytes], code: str, cache: bool
) -> Any:
    """The classifier trained without one writer, from the cache when the same inputs
    and model code trained it before (the candidate rankers are not in it)."""
    from doorajar.mail.learned import LearnedModel

    h = hashlib.sha256(code.encode())
    for r in train:
        h.update(digests[r.item.id])
    path = CACHE / f"{writer}-{h.hexdigest()[:20]}.npz"
    if cache and path.exists():
        with np.load(path, allow_pickle=False) as data:
            return LearnedModel({k: data[k] for k in data.files})
    model = tc.fit(train, rankers=False)
    if cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"{writer}-*.npz"):
            old.unlink()
        np.savez_compressed(path, allow_pickle=False, **model.arrays())
    return model


# What the fold processes read: set before they are forked.
_FOLD: dict[str, Any] = {}


def _run_fold(writer: str) -> tuple[str, Scores, Scores]:
    """One writer left out: its scores with the learned rankers and with the rules alone
    choosing company and role."""
    from doorajar.mail.learned import LearnedModel

    tc, rows = _FOLD["tc"], _FOLD["rows"]
    train = [r for r in rows if r.item.group != writer]
    test = [r for r in rows if r.item.group == writer]
    base = _fold_model(tc, writer, train, _FOLD["digests"], _FOLD["code"], _FOLD["cache"])
    ranked = LearnedModel(base.arrays() | tc.fit_rankers(train))
    return writer, tc.evaluate(test, ranked), tc.evaluate(test, base)


def _announce(
    folds: Iterator[tuple[str, Scores, Scores]],
) -> Iterator[tuple[str, Scores, Scores]]:
    """Each fold's headline on stderr as it ends (a long run shows its progress)."""
    for w, s, rules in folds:
        d, r = s.as_dict(), rules.as_dict()
        print(
            f"fold {w}: F1 {d['f1']:.3f} kind {d['kind']:.3f} company {d['company']:.3f} "
            f"(rules {r['company']:.3f}) role {d['role']:.3f} (rules {r['role']:.3f})",
            file=sys.stderr,
            flush=True,
        )
        yield w, s, rules


def lowo(
    errors: bool, cache: bool = True, jobs: int = 1, only: list[str] | None = None
) -> tuple[str, dict[str, Any]]:
    """Leave-one-writer-out: the per-writer line, the mean, the worst and the pooled
    figures, with the learned rankers choosing company and role; and the company and
    role figures of the rules alone beside them. `jobs` folds run at once; `only` leaves
    out just these writers (each still trained on all the others)."""
    # lazy: training needs scikit-learn, a test dependency, and only this split uses it
    import train_classifier as tc

    rows = tc.load_rows(tc.training_items(), jobs)
    _FOLD.update(
        tc=tc,
        rows=rows,
        code=_code_key(),
        digests={r.item.id: _digest(r) for r in rows},
        cache=cache,
    )
    writers = only or tc.writer_names()
    if jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = list(_announce(pool.imap_unordered(_run_fold, writers)))
        done.sort()
    else:
        done = list(_announce(map(_run_fold, writers)))
    per: dict[str, Scores] = {w: s for w, s, _ in done}
    rules_only: dict[str, Scores] = {w: s for w, _, s in done}
    keys = ("f1", "precision", "recall", "ack_as_rejection", "kind", "company", "role")
    names = list(per)
    out = [
        f"leave-one-writer-out over {names[0]}..{names[-1]} (train on "
        f"{len(tc.writer_names()) - 1} writers and the older sets, test on one)"
    ]
    out.append(
        "  writer     P      R     F1  ack>rej  kind  company  role  int-P  int-R   ECE"
        "  filed-wrong  held"
    )
    for w, s in per.items():
        d = s.as_dict()
        out.append(
            f"  {w}    {d['precision']:.3f}  {d['recall']:.3f}  {d['f1']:.3f}  {d['ack_as_rejection']:6.3f}"
            f"  {d['kind']:.3f}  {d['company']:.3f}  {d['role']:.3f}  {d['interview_precision']:.3f}"
            f"  {d['interview_recall']:.3f}  {d['ece']:.3f}  {d['filed_wrong']:11.3f}  {d['held']:.3f}"
        )
    dicts = [s.as_dict() for s in per.values()]
    mean = {k: sum(d[k] for d in dicts) / len(dicts) for k in dicts[0]}
    worst_w = min(per, key=lambda w: per[w].f1)
    out.append(
        "  mean       " + "  ".join(f"{k} {mean[k]:.3f}" for k in keys) + f"  ece {mean['ece']:.3f}"
    )
    out.append(f"  worst writer by F1: {worst_w} (F1 {per[worst_w].f1:.3f})")
    higher_worse = {"ack_as_rejection", "ece", "filed_wrong"}
    worst_each = []
    for k in (*keys, "interview_precision", "interview_recall", "ece", "filed_wrong"):
        by = sorted(per, key=lambda w: float(dicts[names.index(w)][k]))
        w = by[-1] if k in higher_worse else by[0]
        worst_each.append(f"{k} {per[w].as_dict()[k]:.3f} ({w})")
    out.append("  worst writer on each: " + ", ".join(worst_each))
    rd = [s.as_dict() for s in rules_only.values()]
    rmean = {k: sum(d[k] for d in rd) / len(rd) for k in ("company", "role")}
    rworst = {k: min(d[k] for d in rd) for k in ("company", "role")}
    worst = {k: min(d[k] for d in dicts) for k in ("company", "role")}
    out.append(
        f"  company and role, mean (worst writer): ranker {mean['company']:.3f} "
        f"({worst['company']:.3f}) and {mean['role']:.3f} ({worst['role']:.3f}); rules alone "
        f"{rmean['company']:.3f} ({rworst['company']:.3f}) and {rmean['role']:.3f} "
        f"({rworst['role']:.3f})"
    )
    pooled = merge(list(per.values()))
    out.append(report(f"  pooled over the {len(names)} folds", pooled))
    if errors:
        out.append("\nleave-one-writer-out mistakes:")
        out.extend("  " + e for e in pooled.errors)
    figures = {
        "mean": mean,
        "worst": worst_w,
        "pooled": pooled.as_dict(),
        "rules_only": {"mean": rmean, "worst": rworst},
    }
    return "\n".join(out), figures


def main() -> None:
    """Print the figures of each split."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--errors", action="store_true", help="list leave-one-writer-out mistakes")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--set", default="heldout,fresh_test,lowo,sealed")
    ap.add_argument("--no-cache", action="store_true", help="train every fold again")
    ap.add_argument("--jobs", type=int, default=1, help="leave-one-writer-out folds at once")
    ap.add_argument("--writers", nargs="*", help="leave out only these writers (lowo)")
    args = ap.parse_args()
    classify(parse(b"From: a@b.c\nSubject: your application\n\nwarm-up"))  # load the model
    splits = args.set.split(",")
    figures: dict[str, Any] = {}
    titles = {
        "heldout": "held-out (generated corpus, never tuned on)",
        "fresh_test": "fresh_test (individually written, never tuned on)",
        "dev": "dev (generated corpus, trained on)",
        "fresh_dev": "fresh_dev (trained on)",
    }
    print(f"review threshold {REVIEW_THRESHOLD:.2f}")
    for split in splits:
        if split == "lowo":
            text, fig = lowo(
                args.errors, cache=not args.no_cache, jobs=args.jobs, only=args.writers
            )
            figures[split] = fig
            if not args.json:
                print(text)
            continue
        if split == "sealed":
            s = score(sealed_items(), timing=True)
            title = "sealed (3 writers kept apart, measured once per release)"
        elif split == "unseen":
            s = score(unseen_items(), timing=True)
            title = "unseen (writers who joined after the shipped model was trained)"
        else:
            s = score(split_items(split), timing=True)
            title = titles.get(split, split)
        figures[split] = s.as_dict()
        if not args.json:
            print(report(title, s))
            print(
                f"  classify time         {1e6 * s.seconds / max(s.n, 1):.0f} µs per message "
                f"(a bare stdlib parse: {1e6 * s.stdlib_seconds / max(s.n, 1):.0f} µs)"
            )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
