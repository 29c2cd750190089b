"""WordLlama's static word embeddings, loaded from the files the package ships.

One loader for every part of doorajar that reads text with a model (the mail classifier
and the tone guard). Nothing is downloaded: the tokenizer and the weights are read from the
wordllama package's own folder, and a missing file is an error rather than a fetch. The
model is loaded once per process, on the first text (0.2-0.4 s), so a command that never
judges text never pays for it.
"""

from __future__ import annotations

import logging
import os
from functools import cache

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]
DIM = 256
# the mail classifier cuts each sentence here: a longer one is a run-on block of boilerplate
MAX_CHARS = 400


class Embedder:
    """WordLlama's bundled static embeddings: one unit vector per text."""

    def __init__(self) -> None:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        # lazy: tokenizers and safetensors load only when a text is first embedded
        import wordllama

        # wordllama configures the root logger when imported: put it back as it was.
        root.handlers[:] = handlers
        root.setLevel(level)
        folder = os.path.dirname(wordllama.__file__)
        self._model = wordllama.WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)

    def embed(self, texts: list[str], max_chars: int | None = MAX_CHARS) -> Array:
        """Unit vectors, one row per text (zeros for an empty text), each text cut to its
        first `max_chars` characters (None: whole)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        cut = [t[:max_chars] or " " for t in texts]
        vecs = np.asarray(self._model.embed(cut), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out: Array = (vecs / norms).astype(np.float32)
        return out


@cache
def embedder() -> Embedder:
    """The embedder, loaded once."""
    return Embedder()


def embed(texts: list[str], max_chars: int | None = MAX_CHARS) -> Array:
    """One unit vector per text, with the shared embedder (see `Embedder.embed`)."""
    return embedder().embed(texts, max_chars)
