"""Train the mail classifier's learned models and export them as plain arrays.

    python scripts/train_classifier.py            # train on everything, write the weights
    python scripts/train_classifier.py --lowo     # leave-one-writer-out figures, write nothing
    python scripts/train_classifier.py --rankers-lowo  # company and role choice only, by writer
    python scripts/train_classifier.py --rankers-only  # refit company and role choice only

Reads the hand-written corpus (tests/data/mail_corpus/w01, w02, ..., never `sealed/`), the
"dev" split of tests/data/emails and the "fresh_dev" half of tests/data/emails_fresh
(never "heldout" or "fresh_test"). Every message goes through the classifier's own
`gather` (normalising, segmenting, rule votes, headers) and its sentences are embedded
with WordLlama. Then, with scikit-learn:

- a sentence model (multinomial logistic regression on one embedded sentence, labelled
  with its message's category);
- a message model (on the mean body-sentence embedding and the subject's);
- a combiner (logistic regression on the two models' scores, the rule votes and the
  header signals), fitted on out-of-fold scores (folds by writer) so that it learns how
  far the models can be trusted on a writer they never saw; its probabilities are the
  confidence doorajar shows;
- a kind model (form or personal) on the rejections.

The weights go to src/doorajar/mail/learned_weights.npz: plain float arrays, read at run
time with numpy's `allow_pickle=False`. scikit-learn is a test-only dependency.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from tests.scoring import (  # noqa: E402
    Item,
    Scores,
    add,
    norm_name,
    split_items,
    writer_items,
    writer_names,
)

from doorajar.embeddings import DIM  # noqa: E402
from doorajar.mail import classify as cl  # noqa: E402
from doorajar.mail import rules  # noqa: E402
from doorajar.mail.extract import (  # noqa: E402
    N_COMPANY_FEATURES,
    N_ROLE_FEATURES,
    company_features,
    role_candidates,
    role_features,
    split_signature,
)
from doorajar.mail.extract import company_candidates as extract_company_candidates  # noqa: E402
from doorajar.mail.learned import (  # noqa: E402
    CLASSES,
    HASH_BITS,
    LearnedModel,
    load_learned,
    message_vector,
)
from doorajar.mail.parse import parse  # noqa: E402
from doorajar.mail.segment import BODY, SUBJECT  # noqa: E402

OUT = ROOT / "src" / "doorajar" / "mail" / "learned_weights.npz"
INNER_FOLDS = 3
SENT_C = 1.0
MSG_C = 1.0
STACK_C = 0.5
KIND_C = 0.5
MIL_ROUNDS = 1
KEEP = 0.7  # a sentence keeps its label from this share of its message's best score
N_SENT = len(CLASSES) + 1  # the categories and "none"
NONE = len(CLASSES)
BUCKETS = 1 << HASH_BITS


@dataclass
class Row:
    """One training message: its labels, its evidence (None if it fails the gate)."""

    item: Item
    ev: cl.Evidence | None
    y: int
    body_rows: list[int]
    subj_row: int | None
    # the rankers' inputs, computed once: per ranker, the candidates' features and
    # which of them is the labelled answer
    cands: dict[str, tuple[np.ndarray, np.ndarray]] | None = None


def load_rows(items: list[Item], jobs: int = 1) -> list[Row]:
    """Gather and embed every message, and find its company and role candidates; in
    `jobs` processes at once."""
    if jobs > 1:
        import multiprocessing

        chunks = [items[k::jobs] for k in range(jobs)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(load_rows, chunks)
        order = {it.id: n for n, it in enumerate(items)}
        return sorted((r for part in parts for r in part), key=lambda r: order[r.item.id])
    return [_load_row(item) for item in items]


def _load_row(item: Item, embed: bool = True) -> Row:
    """One message gathered, embedded (unless not `embed`) and its candidates found."""
    msg = cl.judged_message(parse(item.raw))
    ev = cl.gather(msg)
    body_rows: list[int] = []
    subj: int | None = None
    if ev is not None and embed:
        cl.embed(ev)
        body_rows = [k for k, i in enumerate(ev.embedded) if ev.sentences[i].part == BODY]
        subj = next((k for k, i in enumerate(ev.embedded) if ev.sentences[i].part == SUBJECT), None)
    row = Row(item, ev, CLASSES.index(item.labels["category"]), body_rows, subj)
    candidates(row)
    return row


def _lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=400, tol=1e-3)


def _coef(m: LogisticRegression, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients for all classes, zeros for a class the fit never saw."""
    w = np.zeros((len(CLASSES), n_features), dtype=np.float32)
    b = np.full(len(CLASSES), -20.0, dtype=np.float32)
    w[m.classes_] = m.coef_
    b[m.classes_] = m.intercept_
    return w, b


def _coef_n(
    m: LogisticRegression, n_classes: int, n_features: int
) -> tuple[np.ndarray, np.ndarray]:
    w = np.zeros((n_classes, n_features), dtype=np.float32)
    b = np.full(n_classes, -20.0, dtype=np.float32)
    w[m.classes_] = m.coef_
    b[m.classes_] = m.intercept_
    return w, b


def fit_stage1(rows: list[Row]) -> dict[str, np.ndarray]:
    """The sentence and message models.

    The sentence model learns which sentences carry a message's category: at first every
    body sentence takes its message's label; then, twice, only the sentences that read
    most like that label keep it and the rest become "none" (greetings, courtesy,
    logistics), and the model is fitted again.
    """
    xs, owner, ys = [], [], []
    xm: list[np.ndarray] = []
    ym: list[int] = []
    hs: list[list[int]] = []
    hm: list[list[int]] = []
    for r in rows:
        if r.ev is None:
            continue
        if r.body_rows:
            v = r.ev.vecs[r.body_rows]
            xs.append(v)
            hs.extend(r.ev.ids[k] for k in r.body_rows)
            owner.extend([len(xm)] * len(v))
            ys.extend([r.y] * len(v))
        subj = r.ev.vecs[r.subj_row] if r.subj_row is not None else None
        xm.append(message_vector(r.ev.vecs, r.body_rows, subj))
        hm.append(r.ev.msg_ids)
        ym.append(r.y)
    x = sparse.hstack([sparse.csr_matrix(np.vstack(xs)), _hashed(hs)]).tocsr()
    own = np.array(owner)
    y0 = np.array(ys)
    counts = np.bincount(own, minlength=len(xm)).astype(np.float64)
    labels = y0.copy()
    weights = 1.0 / np.sqrt(counts[own])
    sent = _lr(SENT_C).fit(x, labels, sample_weight=weights)
    for _ in range(MIL_ROUNDS):
        proba = np.zeros((x.shape[0], N_SENT), dtype=np.float64)
        proba[:, sent.classes_] = sent.predict_proba(x)
        p_own = proba[np.arange(x.shape[0]), y0]
        best = np.zeros(len(xm))
        np.maximum.at(best, own, p_own)
        keep = p_own >= KEEP * best[own]
        labels = np.where(keep, y0, NONE)
        weights = np.where(keep, 1.0, 0.5)
        sent = _lr(SENT_C).fit(x, labels, sample_weight=weights)
    xmm = sparse.hstack([sparse.csr_matrix(np.vstack(xm)), _hashed(hm)]).tocsr()
    msg = _lr(MSG_C).fit(xmm, ym)
    sw, sb = _coef_n(sent, N_SENT, DIM + BUCKETS)
    mw, mb = _coef(msg, 2 * DIM + BUCKETS)
    return {
        "sent_w": sw[:, :DIM],
        "sent_h": np.ascontiguousarray(sw[:, DIM:].T),
        "sent_b": sb,
        "msg_w": mw[:, : 2 * DIM],
        "msg_h": np.ascontiguousarray(mw[:, 2 * DIM :].T),
        "msg_b": mb,
    }


def _hashed(ids: list[list[int]]) -> sparse.csr_matrix:
    """Hashed stem features as the model reads them: each row l2-normalised binary."""
    indptr = [0]
    cols: list[int] = []
    vals: list[float] = []
    for row in ids:
        cols.extend(row)
        vals.extend([1.0 / np.sqrt(len(row))] * len(row) if row else [])
        indptr.append(len(cols))
    return sparse.csr_matrix((vals, cols, indptr), shape=(len(ids), BUCKETS), dtype=np.float32)


RANK_C = 1.0


def candidates(r: Row) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The company and role candidates of a job-search message as the rules find them:
    features, and whether each is the labelled answer (empty for other mail)."""
    if r.cands is not None:
        return r.cands
    r.cands = {}
    if r.ev is None or r.item.labels["category"] == "other":
        return r.cands
    ev = r.ev
    text = ev.text
    signature = split_signature(text)[1]
    automated = bool(ev.flags["ats"] or ev.flags["no_reply"] or ev.flags["auto"])
    found = extract_company_candidates(ev.msg, text, (), signature, automated)
    want = norm_name(r.item.labels.get("company"))
    x = np.array(company_features(found, ev.msg, text, signature, automated), np.float32)
    r.cands["company"] = (
        x.reshape(len(found), N_COMPANY_FEATURES),
        np.array([norm_name(c[0]) == want for c in found], dtype=bool),
    )
    company = found[0][0] if found else None
    low = f"{ev.msg.subject}\n{text}".lower()
    prefixes = rules.word_prefixes(set(rules.WORDS.findall(low)))
    roles = role_candidates(ev.msg, text, company, prefixes)
    want = norm_name(r.item.labels.get("role"))
    x = np.array(role_features(roles, ev.msg, text, company), np.float32)
    r.cands["role"] = (
        x.reshape(len(roles), N_ROLE_FEATURES),
        np.array([norm_name(c[0]) == want for c in roles], dtype=bool),
    )
    return r.cands


def fit_rankers(rows: list[Row]) -> dict[str, np.ndarray]:
    """A logistic ranker per field on every candidate of the job-search messages, and
    the probability below which its best candidate is no answer, chosen for the most
    right answers (a labelled null counts as right when nothing is returned)."""
    out: dict[str, np.ndarray] = {}
    for name, _n_feat in (("company", N_COMPANY_FEATURES), ("role", N_ROLE_FEATURES)):
        sets = [(*candidates(r)[name], r) for r in rows if name in candidates(r)]
        xs = [x for x, _y, _r in sets if len(x)]
        if not xs:
            continue
        x_all = np.vstack(xs)
        y_all = np.concatenate([y for x, y, _r in sets if len(x)])
        mu = x_all.mean(axis=0)
        sd = x_all.std(axis=0)
        sd[sd < 1e-6] = 1.0
        m = _lr(RANK_C).fit((x_all - mu) / sd, y_all)
        w = m.coef_[0].astype(np.float32)
        b = m.intercept_.astype(np.float32)
        best: list[tuple[float, bool, bool]] = []  # (best p, best right, answer is null)
        for x, y, r in sets:
            null = not norm_name(r.item.labels.get(name))
            if not len(x):
                best.append((0.0, False, null))
                continue
            p = 1.0 / (1.0 + np.exp(-(((x - mu) / sd) @ w + b[0])))
            k = int(np.argmax(p))
            best.append((float(p[k]), bool(y[k]), null))
        grid = np.linspace(0.0, 0.9, 46)
        right = [sum((p >= t and ok) or (p < t and null) for p, ok, null in best) for t in grid]
        t = float(grid[int(np.argmax(right))])
        out |= {
            f"{name}_w": w,
            f"{name}_b": b,
            f"{name}_mu": mu.astype(np.float32),
            f"{name}_sd": sd.astype(np.float32),
            f"{name}_t": np.array([t], dtype=np.float32),
        }
    return out


def _placeholder(stage1: dict[str, np.ndarray]) -> LearnedModel:
    """A model with stage-1 weights only (the combiner and kind parts are zeros)."""
    arrays = dict(stage1)
    arrays |= {
        "stack_w": np.zeros((len(CLASSES), cl.N_FEATURES), dtype=np.float32),
        "stack_b": np.zeros(len(CLASSES), dtype=np.float32),
        "stack_mu": np.zeros(cl.N_FEATURES, dtype=np.float32),
        "stack_sd": np.ones(cl.N_FEATURES, dtype=np.float32),
        "kind_w": np.zeros(cl.N_KIND_FEATURES, dtype=np.float32),
        "kind_b": np.zeros(1, dtype=np.float32),
        "kind_mu": np.zeros(cl.N_KIND_FEATURES, dtype=np.float32),
        "kind_sd": np.ones(cl.N_KIND_FEATURES, dtype=np.float32),
    }
    return LearnedModel(arrays)


def fit(rows: list[Row], rankers: bool = True) -> LearnedModel:
    """All the models, the combiner on out-of-fold stage-1 scores; the candidate rankers
    too unless `rankers` is False."""
    groups = sorted({r.item.group for r in rows})
    gated = [r for r in rows if r.ev is not None]
    feats = np.zeros((len(gated), cl.N_FEATURES), dtype=np.float32)
    for f in range(INNER_FOLDS):
        test_groups = set(groups[f::INNER_FOLDS])
        stage1 = _placeholder(fit_stage1([r for r in rows if r.item.group not in test_groups]))
        for k, r in enumerate(gated):
            if r.item.group in test_groups and r.ev is not None:
                feats[k] = cl.features(r.ev, stage1)[0]
    mu = feats.mean(axis=0)
    sd = feats.std(axis=0)
    sd[sd < 1e-6] = 1.0
    stack = _lr(STACK_C).fit((feats - mu) / sd, [r.y for r in gated])
    stw, stb = _coef(stack, cl.N_FEATURES)

    rej = [r for r in gated if r.item.labels["category"] == "rejection" and r.ev is not None]
    kx = np.vstack([cl.kind_features(r.ev, split_signature(r.ev.text)[1]) for r in rej if r.ev])
    ky = [r.item.labels["kind"] == "personal" for r in rej]
    kmu = kx.mean(axis=0)
    ksd = kx.std(axis=0)
    ksd[ksd < 1e-6] = 1.0
    kind = _lr(KIND_C).fit((kx - kmu) / ksd, ky)

    arrays = fit_stage1(rows)
    arrays |= {
        "stack_w": stw,
        "stack_b": stb,
        "stack_mu": mu.astype(np.float32),
        "stack_sd": sd.astype(np.float32),
        "kind_w": kind.coef_[0].astype(np.float32),
        "kind_b": kind.intercept_.astype(np.float32),
        "kind_mu": kmu.astype(np.float32),
        "kind_sd": ksd.astype(np.float32),
    }
    if rankers:
        arrays |= fit_rankers(rows)
    return LearnedModel(arrays)


def evaluate(rows: list[Row], model: LearnedModel) -> Scores:
    """Score held-out rows with a model (what `classify` would say)."""
    s = Scores()
    for r in rows:
        c = cl._OTHER_FAST if r.ev is None else cl.decide(r.ev, model)  # noqa: SLF001
        add(s, r.item, c)
    return s


def training_items() -> list[Item]:
    """Every message the model may learn from."""
    items = [it for w in writer_names() for it in writer_items(w)]
    items += [Item(it.id, "generated", it.raw, it.labels) for it in split_items("dev")]
    items += [Item(it.id, "fresh", it.raw, it.labels) for it in split_items("fresh_dev")]
    return items


def _unembedded(items: list[Item]) -> list[Row]:
    return [_load_row(item, embed=False) for item in items]


def rankers_lowo(jobs: int) -> None:
    """Leave-one-writer-out of the company and role choice alone, on the job-search
    messages of the hand-written corpus: the ranker trained on the other writers against
    the rules' first candidate (the category taken as labelled)."""
    import multiprocessing

    items = [it for w in writer_names() for it in writer_items(w)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        rows = [
            r for part in pool.map(_unembedded, [items[k::jobs] for k in range(jobs)]) for r in part
        ]
    job = [r for r in rows if candidates(r)]
    means: dict[str, list[float]] = {}
    for w in writer_names():
        arrays = fit_rankers([r for r in job if r.item.group != w])
        shipped = load_learned()
        model = LearnedModel(shipped.arrays() | arrays) if arrays and shipped else None
        test = [r for r in job if r.item.group == w]
        line = [w]
        for name in ("company", "role"):
            ranked = first = 0
            for r in test:
                x, y = candidates(r)[name]
                null = not norm_name(r.item.labels.get(name))
                first += bool(y[0]) if len(y) else null
                k = model.pick(name, x) if model is not None and len(x) else None
                ranked += bool(y[k]) if k is not None else null
            n = max(len(test), 1)
            means.setdefault(f"{name} ranker", []).append(ranked / n)
            means.setdefault(f"{name} rules", []).append(first / n)
            line.append(f"{name} ranker {ranked / n:.3f} rules {first / n:.3f}")
        print("  ".join(line), flush=True)
    print(
        "mean: "
        + ", ".join(f"{k} {sum(v) / len(v):.3f} (worst {min(v):.3f})" for k, v in means.items())
    )


def write_rankers(jobs: int) -> None:
    """Fit the company and role rankers on every training message and replace them in
    the shipped weights; the sentence, message, combiner and kind models stay as they
    are (extraction does not feed them)."""
    import multiprocessing

    shipped = load_learned()
    if shipped is None:
        raise SystemExit(f"{OUT.relative_to(ROOT)} is missing: train everything first")
    items = training_items()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        rows = [
            r for part in pool.map(_unembedded, [items[k::jobs] for k in range(jobs)]) for r in part
        ]
    arrays = shipped.arrays() | fit_rankers(rows)
    np.savez_compressed(OUT, allow_pickle=False, **arrays)
    print(f"wrote the rankers into {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} kB)")


def main() -> None:
    """Train and write the weights, or report leave-one-writer-out figures."""
    ap = argparse.ArgumentParser(description="train the mail classifier's learned models")
    ap.add_argument("--lowo", action="store_true", help="leave-one-writer-out figures only")
    ap.add_argument("--errors", action="store_true", help="with --lowo: list the mistakes")
    ap.add_argument("--writers", nargs="*", help="with --lowo: only these writers")
    ap.add_argument("--jobs", type=int, default=1, help="processes that gather the messages")
    ap.add_argument(
        "--no-rankers",
        action="store_true",
        help="leave the company and role choice to the rules (when they do better left out)",
    )
    ap.add_argument(
        "--rankers-lowo", action="store_true", help="leave-one-writer-out of company and role only"
    )
    ap.add_argument(
        "--rankers-only",
        action="store_true",
        help="fit only the company and role rankers and write them into the shipped weights, "
        "keeping the classifier's own arrays (no embedding needed)",
    )
    args = ap.parse_args()
    if args.rankers_only:
        write_rankers(max(args.jobs, 1))
        return
    if args.rankers_lowo:
        rankers_lowo(max(args.jobs, 1))
        return
    t0 = time.perf_counter()
    rows = load_rows(training_items(), args.jobs)
    print(f"gathered and embedded {len(rows)} messages in {time.perf_counter() - t0:.0f}s")
    if args.lowo:
        for w in args.writers or writer_names():
            model = fit([r for r in rows if r.item.group != w])
            s = evaluate([r for r in rows if r.item.group == w], model)
            d = s.as_dict()
            print(
                f"{w}: P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} "
                f"ack->rej {d['ack_as_rejection']:.3f} cat {d['category']:.3f} "
                f"kind {d['kind']:.3f} company {d['company']:.3f} role {d['role']:.3f} "
                f"iP {d['interview_precision']:.3f} iR {d['interview_recall']:.3f} "
                f"ece {d['ece']:.3f} filed-wrong {d['filed_wrong']:.3f} held {d['held']:.3f}",
                flush=True,
            )
            if args.errors:
                for line in s.errors:
                    print("   ", line)
        return
    model = fit(rows, rankers=not args.no_rankers)
    np.savez_compressed(OUT, allow_pickle=False, **model.arrays())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
