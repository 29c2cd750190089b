"""Train the tone guard's sentence move model from the hand-written corpus.

Reads the training writers under tests/data/tone_corpus (never `sealed/`), fits the harm,
move and kind models with scikit-learn and writes src/doorajar/drafts/tone_model.npz.
The sentences of doorajar's own message templates (their slots filled with plain words)
also teach the harm model what is not harmful; they carry no move labels.
`--evaluate` first prints leave-one-writer-out figures and picks the harm threshold from them,
then a threshold per harmful move (a move that misfires on gracious text needs a higher score).

Run: .venv/bin/python scripts/train_tone.py [--evaluate]
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from doorajar.drafts import moves, sentences

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "doorajar" / "drafts" / "templates"
CORPUS = ROOT / "tests" / "data" / "tone_corpus"
OUT = ROOT / "src" / "doorajar" / "drafts" / "tone_model.npz"
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))


def writers() -> dict[str, list[dict[str, Any]]]:
    """Each training writer's records (folders t1, t2, ...; the sealed folder is skipped)."""
    out = {}
    for folder in sorted(CORPUS.iterdir()):
        if folder.is_dir() and folder.name != "sealed" and (folder / "messages.jsonl").exists():
            lines = (folder / "messages.jsonl").read_text(encoding="utf-8").splitlines()
            out[folder.name] = [json.loads(line) for line in lines if line.strip()]
    return out


def template_sentences() -> list[str]:
    """Every sentence of the packaged templates, slots filled with a plain word."""
    out: list[str] = []
    for path in sorted(TEMPLATES.rglob("*.j2")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}", "", text, flags=re.DOTALL)
        text = re.sub(r"\{\{.*?\}\}", "Dana", text, flags=re.DOTALL)
        body = text.split("\n", 1)[1] if text.startswith("Subject:") else text
        out.extend(p.text for p in sentences.split(body))
    return sorted(set(out))


def vocabulary(texts: Sequence[str], min_df: int) -> moves.Vocabulary:
    """Terms seen in at least `min_df` texts, with smoothed inverse document frequency."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(moves.tokens(t)))
    terms = sorted(t for t, c in df.items() if c >= min_df)
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in terms], dtype=np.float32)
    return moves.Vocabulary(terms, idf)


_DENSE: dict[str, np.ndarray[Any, Any]] = {}


def features(vocab: moves.Vocabulary, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """`moves.features`, with each sentence's embedding, sentiment and cues computed once
    per run (leave-one-writer-out fits the same sentences once per writer)."""
    new = [t for t in dict.fromkeys(texts) if t not in _DENSE]
    if new:
        _DENSE.update(zip(new, moves.dense(new), strict=True))
    rows = np.array([_DENSE[t] for t in texts], dtype=np.float32)
    return np.hstack([vocab.transform(texts), rows.reshape(len(texts), -1)])


def fit(
    records: Sequence[dict[str, Any]],
    threshold: float,
    c: float,
    move_thresholds: dict[str, float] | None = None,
) -> moves.Model:
    """The three models fitted on these records."""
    texts = [s["text"] for r in records for s in r["sentences"]]
    labels = [s["move"] for r in records for s in r["sentences"]]
    ours = template_sentences()
    vocab = vocabulary(texts + ours, 2)
    x = features(vocab, texts)
    harm = LogisticRegression(C=c, max_iter=5000)
    harm.fit(
        np.vstack([x, features(vocab, ours)]),
        [m in moves.HARMFUL for m in labels] + [False] * len(ours),
    )
    move = LogisticRegression(C=c, max_iter=5000)
    move.fit(x, labels)
    whole = [r["text"] for r in records]
    kind_vocab = vocabulary(whole, 2)
    kx = np.array([moves.kind_features(kind_vocab, t) for t in whole])
    kind = LogisticRegression(C=10.0, max_iter=5000)
    kind.fit(kx, [r["kind"] for r in records])
    return moves.Model(
        vocab=vocab,
        harm_coef=harm.coef_[0].astype(np.float32),
        harm_bias=float(harm.intercept_[0]),
        move_coef=move.coef_.astype(np.float32),
        move_bias=move.intercept_.astype(np.float32),
        moves=tuple(str(m) for m in move.classes_),
        kind_vocab=kind_vocab,
        kind_coef=kind.coef_.astype(np.float32),
        kind_bias=kind.intercept_.astype(np.float32),
        kinds=tuple(str(k) for k in kind.classes_),
        threshold=threshold,
        move_thresholds=dict(move_thresholds or {}),
    )


def message_readings(model: moves.Model, record: dict[str, Any]) -> list[tuple[float, str]]:
    """Each sentence the guard cuts the message into: its harm score and the harmful move
    it would be read as if that score were high enough."""
    parts = [s.text for s in sentences.split(record["text"])]
    x = features(model.vocab, parts)
    harmful = np.array([m in moves.HARMFUL for m in model.moves])
    scores = np.where(harmful, model.move_scores(x), -np.inf)
    return [
        (float(h), model.moves[int(np.argmax(row))])
        for h, row in zip(model.harm(x), scores, strict=True)
    ]


Judged = list[tuple[str, bool, list[tuple[float, str]]]]


def _rates(judged: Judged, cuts: dict[str, float], default: float) -> tuple[float, float]:
    """Harmful flagged and gracious passed when each move needs its own score."""
    counts = {True: 0, False: 0}
    flagged = {True: 0, False: 0}
    for _, harmful, readings in judged:
        counts[harmful] += 1
        flagged[harmful] += any(h >= cuts.get(m, default) for h, m in readings)
    return flagged[True] / max(counts[True], 1), 1 - flagged[False] / max(counts[False], 1)


def calibrate(judged: Judged, default: float) -> dict[str, float]:
    """Per harmful move, the threshold that best balances harmful flagged and gracious
    passed on the left-out writers' messages (coordinate ascent from the global one)."""

    def value(cuts: dict[str, float]) -> tuple[float, float]:
        caught, passed = _rates(judged, cuts, default)
        return min(caught, passed), caught + passed

    cuts = dict.fromkeys(moves.HARMFUL, default)
    best = value(cuts)
    for _ in range(3):
        changed = False
        for move in moves.HARMFUL:
            for t in THRESHOLDS:
                if t < default:
                    continue
                trial = {**cuts, move: t}
                v = value(trial)
                if v > best:
                    cuts, best, changed = trial, v, True
        if not changed:
            break
    return cuts


def evaluate(data: dict[str, list[dict[str, Any]]], c: float) -> tuple[float, dict[str, float]]:
    """Leave one writer out: print figures per threshold and return the most balanced one,
    then the per-move thresholds calibrated on the same left-out messages.

    A message counts towards the choice only when its language is in the other writers'
    text: with no German in training, a German message says nothing about the threshold.
    """
    flagged: Counter[tuple[float, str]] = Counter()
    counts: Counter[str] = Counter()
    kinds_right = 0
    judged: Judged = []
    for held in data:
        train = [r for w, rs in data.items() if w != held for r in rs]
        seen = {r["language"] for r in train}
        model = fit(train, 0.5, c)
        for r in data[held]:
            readings = message_readings(model, r)
            best = max((h for h, _ in readings), default=0.0)
            kinds_right += moves.kind(r["text"], model) == r["kind"]
            if r["harmful"] and r["placeholder"] and not _harmful_moves(r):
                continue  # only a template slot: the placeholder rule's job, not the model's
            side = "harmful" if r["harmful"] else "gracious"
            groups = [f"{held}:{side}"] + ([side] if r["language"] in seen else [])
            if r["language"] in seen:
                judged.append((held, bool(r["harmful"]), readings))
            for g in groups:
                counts[g] += 1
                for t in THRESHOLDS:
                    flagged[(t, g)] += best >= t
    chosen, score = 0.5, -1.0
    for t in THRESHOLDS:
        caught = flagged[(t, "harmful")] / counts["harmful"]
        passed = 1 - flagged[(t, "gracious")] / counts["gracious"]
        per = " ".join(
            f"{w}={flagged[(t, f'{w}:harmful')]}/{counts[f'{w}:harmful']},"
            f"{counts[f'{w}:gracious'] - flagged[(t, f'{w}:gracious')]}/{counts[f'{w}:gracious']}"
            for w in data
        )
        print(
            f"threshold {t:.3f}: harmful flagged {caught:.3f}, gracious passed {passed:.3f}  {per}"
        )
        if min(caught, passed) > score:
            chosen, score = t, min(caught, passed)
    total = sum(len(rs) for rs in data.values())
    print(f"kind guessed right: {kinds_right}/{total}")
    print(f"chosen threshold: {chosen:.3f}")
    cuts = calibrate(judged, chosen)
    caught, passed = _rates(judged, cuts, chosen)
    print(
        "per-move thresholds: "
        + ", ".join(f"{m} {t:.3f}" for m, t in cuts.items())
        + f"; harmful flagged {caught:.3f}, gracious passed {passed:.3f} (model only)"
    )
    return chosen, {m: t for m, t in cuts.items() if t > chosen}


def _harmful_moves(record: dict[str, Any]) -> bool:
    return any(s["move"] in moves.HARMFUL for s in record["sentences"])


def main(argv: Sequence[str] | None = None) -> None:
    """Fit on every training writer and write the weights."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--evaluate", action="store_true", help="leave-one-writer-out first")
    ap.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    ap.add_argument("--threshold", type=float, default=None, help="harm threshold to store")
    args = ap.parse_args(argv)
    data = writers()
    n_sentences = sum(len(r["sentences"]) for rs in data.values() for r in rs)
    n_messages = sum(len(rs) for rs in data.values())
    print(f"writers: {', '.join(data)}; messages: {n_messages}; sentences: {n_sentences}")
    threshold = args.threshold
    cuts: dict[str, float] = {}
    if args.evaluate:
        chosen, cuts = evaluate(data, args.c)
        threshold = chosen if threshold is None else threshold
    model = fit([r for rs in data.values() for r in rs], threshold or 0.5, args.c, cuts)
    moves.save(str(OUT), model)
    print(f"wrote {OUT.relative_to(ROOT)} (threshold {model.threshold:.3f})")


if __name__ == "__main__":
    main()
