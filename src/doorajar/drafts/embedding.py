"""WordLlama's static word embeddings, loaded from the files the package ships.

Nothing is downloaded: the weights and the tokenizer are read from the wordllama package's
own folder, and a missing file is an error rather than a fetch.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

DIM = 256


@lru_cache(maxsize=1)
def model() -> Any:
    """The loaded WordLlama model (about half a second, once per process)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # lazy: tokenizers and safetensors load only when a text is judged
    import wordllama

    # importing wordllama configures the root logger; give the application its own back
    root.handlers[:] = handlers
    root.setLevel(level)
    folder = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)


def embed(texts: list[str]) -> npt.NDArray[np.float32]:
    """One unit-length vector per text (mean of its token embeddings)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out: npt.NDArray[np.float32] = np.asarray(model().embed(texts, norm=True), dtype=np.float32)
    return out
