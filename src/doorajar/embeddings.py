"""WordLlama's static word embeddings, loaded from the files the package ships.

One loader for every part of doorajar that reads text with a model (the mail classifier
and the tone guard). Nothing is downloaded: the tokenizer and the weights are read from the
wordllama package's own folder, and a missing file is an error rather than a fetch. The
model is loaded once per process, on the first text, so a command that never judges text
never pays for it.

The files are read here rather than through `wordllama.WordLlama.load`, for memory: that
path imports the package's training and download code (pydantic, requests: about 29 MB and
2 s) and keeps a float32 copy of the whole 32,000 x 256 matrix (33 MB, 49 MB while it is
made). Here the float16 matrix is mapped from the safetensors file read-only, so only the
pages of tokens actually met are resident, and a row becomes float32 when it is looked up.
float16 to float32 is exact, and the pooling below sums each text's token vectors in the
order and precision WordLlama does, so every vector is bit for bit the one WordLlama gives
(tests/test_embeddings.py compares them), except for a text holding a run of over 1,000
characters with no space, which is cut into pieces to keep the tokenizer linear.
"""

from __future__ import annotations

import json
import logging
import struct
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]
DIM = 256
# the mail classifier cuts each sentence here: a longer one is a run-on block of boilerplate
MAX_CHARS = 400
# texts tokenized together
_BATCH = 64
# the longest piece of text tokenized at once (see `Embedder._ids`)
_PIECE = 1000
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_TENSOR = "embedding.weight"

log = logging.getLogger(__name__)


def _folder() -> Path:
    """The wordllama package's folder, found without importing the package."""
    spec = find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("The wordllama package is not installed; reinstall doorajar.")
    return Path(next(iter(spec.submodule_search_locations)))


def _matrix(path: Path) -> npt.NDArray[np.float16]:
    """The float16 embedding matrix of a safetensors file, mapped read-only (no copy)."""
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header: dict[str, Any] = json.loads(f.read(size))
    entry = header[_TENSOR]
    start, end = entry["data_offsets"]
    rows, cols = entry["shape"]
    if entry["dtype"] != "F16" or cols != DIM or end - start != rows * cols * 2:
        raise ValueError(f"{path} does not hold a float16 {DIM}-column matrix.")
    mapped: npt.NDArray[np.float16] = np.memmap(
        path, dtype="<f2", mode="r", offset=8 + size + start, shape=(rows, cols)
    )
    return mapped


class Embedder:
    """WordLlama's bundled static embeddings: one unit vector per text."""

    def __init__(self) -> None:
        # lazy: tokenizers loads only when a text is first embedded
        from tokenizers import Tokenizer

        folder = _folder()
        for name in (_WEIGHTS, _TOKENIZER):
            if not (folder / name).is_file():
                raise FileNotFoundError(f"{folder / name} is missing; reinstall wordllama.")
        self._tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._matrix = _matrix(folder / _WEIGHTS)
        log.debug("embeddings mapped from %s", folder / _WEIGHTS)

    def _ids(self, texts: list[str]) -> list[npt.NDArray[np.int32]]:
        """The token ids of each text. WordLlama's tokenizer reads a text as one word, and
        its merges take longer than linear time on a long one (10 kB of one letter: 4 times
        the time per kB of 3 kB), so a text longer than `_PIECE` is read in pieces cut at
        a single space, which the tokenizer would turn into the same '▁' the next piece
        starts with: the same ids. Only a run of over `_PIECE` characters with no space
        is cut hard."""
        pieces: list[str] = []
        owner: list[int] = []
        for n, text in enumerate(texts):
            for piece in _pieces(text):
                pieces.append(piece)
                owner.append(n)
        ids: list[list[int]] = [[] for _ in texts]
        for i in range(0, len(pieces), _BATCH):
            encoded = self._tokenizer.encode_batch(
                pieces[i : i + _BATCH], is_pretokenized=False, add_special_tokens=False
            )
            for n, e in zip(owner[i : i + _BATCH], encoded, strict=True):
                ids[n] += [t for t, keep in zip(e.ids, e.attention_mask, strict=True) if keep]
        return [np.array(found, dtype=np.int32) for found in ids]

    def _pooled(self, texts: list[str]) -> Array:
        """The mean of the token vectors of each text, summed in token order in float32 as
        WordLlama does, but one text at a time: no batch padded to its longest text, so
        the memory a text takes is that of its own tokens (at most 1 kB a token)."""
        out: Array = np.zeros((len(texts), DIM), dtype=np.float32)
        for j, ids in enumerate(self._ids(texts)):
            if not len(ids):
                continue
            np.clip(ids, 0, self._matrix.shape[0] - 1, out=ids)
            total = np.sum(self._matrix[ids].astype(np.float32), axis=0, dtype=np.float32)
            out[j] = total / np.float32(len(ids))
        return out

    def embed(self, texts: list[str], max_chars: int | None = MAX_CHARS) -> Array:
        """Unit vectors, one row per text (zeros for an empty text), each text cut to its
        first `max_chars` characters (None: whole)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        cut = [t[:max_chars] or " " for t in texts]
        vecs = self._pooled(cut)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out: Array = (vecs / norms).astype(np.float32)
        return out


def _pieces(text: str, size: int | None = None) -> list[str]:
    """The text cut into pieces of at most `size` characters, each cut at a single space
    (between two characters that are not spaces), which is dropped; a longer run without
    one is cut hard."""
    size = size or _PIECE
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind(" ", start + 1, end + 1)
        while cut > start and (text[cut - 1] == " " or text[cut + 1 : cut + 2] in (" ", "")):
            cut = text.rfind(" ", start + 1, cut)
        if cut > start:
            out.append(text[start:cut])
            start = cut + 1
        else:
            out.append(text[start:end])
            start = end
    out.append(text[start:])
    return out


@cache
def embedder() -> Embedder:
    """The embedder, loaded once."""
    return Embedder()


def embed(texts: list[str], max_chars: int | None = MAX_CHARS) -> Array:
    """One unit vector per text, with the shared embedder (see `Embedder.embed`)."""
    return embedder().embed(texts, max_chars)
