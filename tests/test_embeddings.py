"""The shared embeddings loader gives WordLlama's own vectors, bit for bit, without loading
WordLlama's download and training code or a float32 copy of its matrix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from doorajar import embeddings

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    """Lines of the tone and mail corpora, and the hostile shapes the tone guard meets."""
    texts: list[str] = []
    for folder in ("tests/data/tone_corpus", "tests/data/mail_corpus"):
        for path in sorted((ROOT / folder).rglob("*"))[:40]:
            if path.is_file():
                lines = path.read_text(errors="replace").splitlines()
                texts += [line for line in lines if line.strip()][:30]
    return [*texts, "", " ", "! " * 600, "a" * 900, "x@y.example " * 500, "é ß 日本 🙂\x00"]


def test_every_vector_is_the_one_wordllama_computes() -> None:
    # (a run of over 1,000 characters without a space is the one exception: it is cut)
    import wordllama

    folder = os.path.dirname(wordllama.__file__)
    theirs = wordllama.WordLlama.load(cache_dir=folder, disable_download=True, dim=embeddings.DIM)
    texts = _texts()
    assert len(texts) > 500
    for max_chars in (embeddings.MAX_CHARS, None):
        cut = [t[:max_chars] or " " for t in texts]
        want = np.asarray(theirs.embed(cut), dtype=np.float32)
        norms = np.linalg.norm(want, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        want = (want / norms).astype(np.float32)
        got = embeddings.embed(texts, max_chars)
        assert got.dtype == np.float32
        assert got.tobytes() == want.tobytes()
    alone = np.stack([embeddings.embed([t], None)[0] for t in texts[:50]])
    assert alone.tobytes() == embeddings.embed(texts[:50], None).tobytes()


def test_embedding_loads_neither_wordllama_nor_a_float32_matrix() -> None:
    probe = (
        "import sys\n"
        "from doorajar import embeddings\n"
        "vectors = embeddings.embed(['Thank you for your time.'])\n"
        "matrix = embeddings.embedder()._matrix\n"
        "print(vectors.shape, matrix.dtype, type(matrix).__name__,\n"
        "      sorted(m for m in ('wordllama', 'pydantic', 'requests') if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[0] == "(1, 256) float16 memmap []"


def test_a_long_text_is_read_in_pieces_with_the_ids_it_has_whole() -> None:
    tokenizer = embeddings.embedder()._tokenizer
    text = " ".join(_texts()[:400])
    assert len(text) > 10 * embeddings._PIECE
    pieces = embeddings._pieces(text)
    assert len(pieces) > 10
    assert all(len(p) <= embeddings._PIECE for p in pieces)
    whole = tokenizer.encode(text, add_special_tokens=False).ids
    cut = [i for p in pieces for i in tokenizer.encode(p, add_special_tokens=False).ids]
    assert cut == whole
    # a run with no single space is cut hard, and nothing of it is lost
    hostile = "a" * 2500 + "  " + "b" * 10
    assert embeddings._pieces(hostile) == ["a" * 1000, "a" * 1000, "a" * 500 + "  " + "b" * 10]
