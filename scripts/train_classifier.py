"""Train the small linear model on the corpus's development split and export it as JSON.

    python scripts/train_classifier.py [--check]

Reads tests/data/emails (labels.jsonl, split "dev" only: the held-out part is never
seen here) and the "fresh_dev" half of tests/data/emails_fresh (never "fresh_test"), turns each message into tf-idf weights over the words and word pairs that
`doorajar.mail.linear.tokens` produces, fits a multinomial logistic regression for the
category and a binary one for form vs personal (on rejections), and writes the
vocabulary, idf and coefficients to src/doorajar/mail/model_weights.json. At run time
doorajar reads that JSON with plain Python: no pickle, no scikit-learn.

`--check` also reports a grouped cross-validation on the dev split (by source text)
for several model weights, without touching the held-out part.
Needs scikit-learn (a test-only dependency).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from doorajar.mail.linear import tokens  # noqa: E402
from doorajar.mail.parse import parse  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "emails"
FRESH = ROOT / "tests" / "data" / "emails_fresh"
OUT = ROOT / "src" / "doorajar" / "mail" / "model_weights.json"
CLASSES = [
    "rejection",
    "application_received",
    "interview",
    "offer",
    "recruiter_outreach",
    "other",
]


def load(split: str = "dev", folder: Path = CORPUS) -> list[tuple[dict[str, Any], str]]:
    """(label, model text) for every message of a split."""
    assert split in ("dev", "fresh_dev"), "never train on held-out or fresh_test messages"
    out = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if label["split"] != split:
            continue
        msg = parse((folder / label["file"]).read_bytes())
        out.append((label, f"{msg.subject}\n{msg.text}"))
    return out


def fit(rows: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    """Fit both models on these rows; the exported JSON structure."""
    vec = TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=2, max_features=4000)
    x = vec.fit_transform([text for _, text in rows])
    y = [CLASSES.index(lab["category"]) for lab, _ in rows]
    cat = LogisticRegression(C=4.0, max_iter=2000)
    cat.fit(x, y)
    vocab: dict[str, int] = vec.vocabulary_
    idf = vec.idf_
    coef = np.zeros((len(CLASSES), x.shape[1]))
    coef[cat.classes_] = cat.coef_
    intercept = np.zeros(len(CLASSES))
    intercept[cat.classes_] = cat.intercept_

    rej = [i for i, (lab, _) in enumerate(rows) if lab["category"] == "rejection"]
    kind = LogisticRegression(C=4.0, max_iter=2000)
    kind.fit(x[rej], [rows[i][0]["kind"] == "personal" for i in rej])

    data: dict[str, Any] = {
        "version": 1,
        "trained_on": f"{len(rows)} development messages ({len(rej)} rejections)",
        "classes": CLASSES,
        "idf": {},
        "coef": {},
        "intercept": [round(float(v), 4) for v in intercept],
        "kind": {"intercept": round(float(kind.intercept_[0]), 4), "coef": {}},
    }
    for tok, j in sorted(vocab.items()):
        row = [round(float(v), 4) for v in coef[:, j]]
        kw = round(float(kind.coef_[0, j]), 4)
        if max(abs(v) for v in row) < 1e-3 and abs(kw) < 1e-3:
            continue
        data["idf"][tok] = round(float(idf[j]), 4)
        data["coef"][tok] = row
        if abs(kw) >= 1e-3:
            data["kind"]["coef"][tok] = kw
    return data


def grouped_check(rows: list[tuple[dict[str, Any], str]]) -> None:
    """Cross-validate on dev, folds by source text: the model alone, and classify() with it."""
    import doorajar.mail.classify as classify_mod
    import doorajar.mail.linear as linear_mod

    groups = sorted({lab["file"].rsplit("_", 1)[0] for lab, _ in rows})
    folds = 4
    for weight in (0.0, 0.5, 1.0, 1.5):
        ok = total = 0
        for f in range(folds):
            test_groups = set(groups[f::folds])
            train = [r for r in rows if r[0]["file"].rsplit("_", 1)[0] not in test_groups]
            test = [r for r in rows if r[0]["file"].rsplit("_", 1)[0] in test_groups]
            model = linear_mod.LinearModel(fit(train))
            classify_mod.MODEL_WEIGHT = weight
            for lab, _ in test:
                msg = parse((CORPUS / lab["file"]).read_bytes())
                got = _classify_with(classify_mod, model, msg)
                ok += got == lab["category"]
                total += 1
        print(f"grouped CV on dev, MODEL_WEIGHT={weight}: category accuracy {ok / total:.3f}")


def _classify_with(classify_mod: Any, model: Any, msg: Any) -> str:
    original = classify_mod.load_model
    classify_mod.load_model = lambda: model
    try:
        return str(classify_mod.classify(msg).category.value)
    finally:
        classify_mod.load_model = original


def main() -> None:
    """Train on dev and fresh_dev, write the JSON, optionally cross-validate (on dev)."""
    ap = argparse.ArgumentParser(description="train the mail classifier's linear model")
    ap.add_argument("--check", action="store_true", help="grouped cross-validation on dev")
    args = ap.parse_args()
    rows = load("dev")
    data = fit(rows + load("fresh_dev", FRESH))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['coef'])} features, {data['trained_on']}")
    if args.check:
        grouped_check(rows)


if __name__ == "__main__":
    main()
