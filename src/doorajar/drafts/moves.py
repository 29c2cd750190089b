"""The sentence move model: which move each sentence of a message makes, and which kind of
message the whole text is.

Features per sentence: WordLlama's embedding of it, VADER's sentiment scores, a profanity
word list, a small set of cues (written here, in four languages) and weighted word and word-pair
counts. Two linear models read them: one says how likely the sentence is harmful, the other
which move it makes. A third one reads the whole text and names its kind. The weights are
trained by `scripts/train_tone.py` and kept in `tone_model.npz` (loaded without pickle).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from doorajar import embeddings

GRACIOUS = (
    "greeting",
    "thanks",
    "appreciation",
    "open_door",
    "feedback_ask",
    "sign_off",
    "neutral",
)
HARMFUL = (
    "insult",
    "sarcasm",
    "blame",
    "complaint",
    "pleading",
    "pressure",
    "demand",
    "argue_feedback",
    "dwell",
)
MOVES = GRACIOUS + HARMFUL
KINDS = (
    "reply",
    "feedback_request",
    "feedback_follow_up",
    "thank_for_feedback",
    "linkedin_connect",
    "check_in",
    "touch",
    "revisit",
)

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[!?]|\*+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Swear words and insults, and their abbreviated forms (lower case, whole words): each one
# is an insult wherever it stands.
PROFANITY = _words(
    """fuck fucking fucked fucker fuckers fuckin fck fcking fk wtf stfu gtfo ffs shit shitty
    shite bullshit asshole assholes arsehole arseholes asshat bastard bastards bitch bitches
    prick pricks dickhead dickheads douche douchebag idiot idiots idiotic moron morons moronic
    imbecile imbeciles scum twat twats wanker wankers tosser tossers bollocks dumbass
    scheiße scheisse scheiß arschloch arschlöcher idioten vollidiot vollidioten vollpfosten
    trottel saftladen wichser
    merde putain connard connards connasse crétin crétins enfoiré enfoirés
    mierda joder jodido jodidos idiota idiotas imbécil imbéciles estúpido estúpidos cabrón
    cabrones pendejo pendejos gilipollas pinche ctm"""
)
# Rude but not always an insult ("a stupid mistake of mine"): signals for the model only.
RUDE = _words(
    """stupid dumb clueless pathetic clown clowns joke jokes trash garbage rubbish muppet
    muppets numpty loser losers jerk jerks bloody damn damned dammit hell crap crappy bs lol
    lmao pissed arse ass dick useless incompetent amateurs amateurish circus shambles
    lächerlich witz mist blödsinn dreck frechheit unverschämt peinlich
    nul nuls minable minables débile débiles bordel honte foutage ridicule
    ridículo ridícula vergüenza payaso payasos patético basura burla giles"""
)

# Cues: each a pattern and the move it hints at. They are features for the model, not verdicts.
_CUES: tuple[tuple[str, str], ...] = (
    (
        "sarcasm",
        r"\bthanks? (?:a lot|so much|again)? ?for (?:nothing|wasting|ghosting|the generic|the automated|the form)",
    ),
    ("sarcasm", r"\b(?:good|best of) luck (?:with that|finding|to (?:them|whoever))"),
    (
        "sarcasm",
        r"[\"“'‘](?:better|stronger|best|right|perfect|outstanding)\b[^\"”'’]{0,20}[\"”'’]",
    ),
    (
        "sarcasm",
        r"\b(?:what a (?:surprise|shock)|bold choice|nice touch|how (?:lovely|nice|kind)|oh well|shocking|lol|lmao|wow|(?:very|how|so|truly) (?:classy|professional|gracious|thoughtful|generous|respectful)|says a lot|speaks volumes|tells me (?:everything|all)|a million)\b",
    ),
    ("sarcasm", r"\b(?:i'm|i am) sure (?:they|he|she|whoever|the|you)\b"),
    ("sarcasm", r"\b(?:evidently|apparently|clearly|obviously)\b"),
    ("sarcasm", r"\bi note with\b"),
    (
        "sarcasm",
        r"\b(?:merci (?:beaucoup )?pour (?:rien|le mépris)|vielen dank für nichts|danke für nichts|gracias por nada)\b",
    ),
    (
        "blame",
        r"\b(?:bias(?:ed)?|discriminat\w*|racis\w*|sexis\w*|ageis\w*|prejudice\w*|nepotism|rigged|dishonest\w*|liars?|lied|lying|unethical|illegal|fraudulent|favouritism|favoritism)\b",
    ),
    (
        "blame",
        r"\b(?:you|your (?:team|company|recruiters?|panel|process|hr))\b[^.!?]{0,40}\b(?:should|might want to|may want to|need to|ought to|must)(?: \w+){0,2} (?:train|learn|look|review|fix|reconsider|rethink|think|reflect|improve|consider|teach|hire)",
    ),
    ("blame", r"\b(?:god|allah|karma|shame on)\b"),
    (
        "blame",
        r"\b(?:unprofessional|incompetent|disrespectful|disorgani[sz]ed|amateur\w*|rude|dismissive|condescending|arrogant|careless|sloppy|lazy|unprepared|bored|clueless)\b",
    ),
    (
        "blame",
        r"\b(?:already (?:decided|chosen|reserved)|only a formality|internal candidate all along|never (?:read|looked|intended))\b",
    ),
    (
        "blame",
        r"\b(?:diskriminier\w*|voreingenommen|vetternwirtschaft|unprofessionell|inkompetent|discrimin\w*|partial\w*|malhonnête|piston|incompétent\w*|poco profesional|enchufe|enchufad\w*|incompetent\w*|discrimina\w*)\b",
    ),
    (
        "complaint",
        r"\b(?:still (?:waiting|haven't|have not|no)|no one (?:bothered|replied|got back)|not even (?:a|an|one)|at least (?:a|an)|would have been nice|i expected (?:better|more)|expected better)\b",
    ),
    (
        "complaint",
        r"\b(?:waste of (?:my|our) time|wasted (?:my|our)|ridiculous|absurd|unacceptable|outrageous|disgraceful|insulting|shambolic|chaotic|a mess|a joke)\b",
    ),
    ("complaint", r"\b(?:weeks?|months?|days?) (?:later|of silence|without)\b"),
    (
        "complaint",
        r"\b(?:ignored|ghosted|(?:automated|canned|generic|templated?|copy-paste|form) (?:e-?mail|rejection|reply|response|refusal|letter|message|note))\b",
    ),
    (
        "complaint",
        r"\b(?:toujours (?:pas|aucune)|immer noch (?:keine|nicht)|todavía no|sigo esperando|aucune réponse|keine antwort|ninguna respuesta)\b",
    ),
    (
        "pleading",
        r"\b(?:please,? (?:please|reconsider|give me|consider me again)|(?:i'm|i am) begging|beg(?:ging)? you|one more chance|another chance|second chance|i really need (?:this|the) job|i'll do anything|i will do anything|reconsider|take a second look|look into my case|humbly request)\b",
    ),
    (
        "pleading",
        r"\b(?:bitte (?:geben|überdenken)|noch eine chance|zweite chance|je vous (?:en )?(?:supplie|prie de reconsidérer)|une seconde chance|une autre chance|reconsidér\w*|le suplico|se lo ruego|otra oportunidad|segunda oportunidad|reconsider\w*)\b",
    ),
    (
        "pressure",
        r"\b(?:you'll regret|you will regret|your loss|picked wrong|chose wrong|made a mistake|wrong (?:choice|decision|person)|better than (?:the|whoever|your)|more qualified than|decline your (?:decision|rejection)|reject(?:ing)? (?:your|the) rejection|do not accept|don't accept|i don't take no)\b",
    ),
    (
        "pressure",
        r"\b(?:competitor|competition|crush|remember my name|keep my number|you'll (?:see|know)|you will (?:see|know)|i (?:have|am having) \d+ years)\b",
    ),
    (
        "demand",
        r"\b(?:i (?:demand|insist|require|expect)|owe me|entitled to|explain (?:exactly )?why|deserve (?:to know|an explanation|an answer)|by (?:monday|tuesday|wednesday|thursday|friday|tomorrow|end of (?:the )?(?:day|week))|within (?:\d+|the next|seven|ten|fourteen)|at the earliest|by return|do the needful|freedom of information|legal action|lawyer|solicitor|formal complaint)\b",
    ),
    (
        "demand",
        r"\b(?:j'exige|exige|ich verlange|ich erwarte|verlange|exijo|espero una explicación|exigo)\b",
    ),
    (
        "argue_feedback",
        r"\b(?:i (?:strongly )?disagree|not (?:true|fair|accurate|correct)|misses the point|with (?:all due )?respect|in (?:my )?defen[cs]e|actually,? i|i did (?:mention|explain|show)|clearly (?:mentioned|stated|showed)|contradict\w*|misunderstood|misread|by any definition)\b",
    ),
    (
        "dwell",
        r"\b(?:devastated|heartbroken|crushed|gutted|depress\w*|can't sleep|cannot sleep|not been able to sleep|cried|crying|in tears|hopeless|worthless|not good enough|never (?:going to|get|be)|gave up|give up|embarrass\w*|ashamed|my (?:family|parents|wife|husband|children)|so (?:disappointed|upset|hurt|sad)|disheartening|devastating|heartbreaking)\b",
    ),
    (
        "dwell",
        r"\b(?:am boden zerstört|enttäuscht|traurig|dévasté\w*|déçu\w*|anéanti\w*|destrozad\w*|decepcionad\w*|triste)\b",
    ),
)
# Gracious signals, read the same way: polite asks, acceptance, thanks, the open door.
_KIND_CUES = (
    r"\b(?:would you (?:be able|mind|be willing)|could you|if you have (?:a moment|time)|if possible|would it be (?:ok|okay|possible|alright)|i'd (?:really )?(?:appreciate|welcome|value)|i would (?:really )?(?:appreciate|welcome|value)|no (?:pressure|worries)|(?:totally|completely) (?:fine|understand))",
    r"\b(?:(?:is|was|it's|that's|seems) (?:very |entirely |completely |quite |a )?(?:fair|useful|helpful|valid|right)|makes sense|i understand|i recognise|i recognize|i respect|i accept|point taken|take the point|i agree|noticed it myself)",
    r"\b(?:thank|thanks|grateful|enjoyed|appreciated|glad|pleasure|lovely|kind of you|generous|danke|dank|merci|gracias|agradezco|agradecid\w*|reconnaissant\w*|dankbar|gefreut|plaisir|encantad\w*)",
    r"\b(?:keep in touch|stay in touch|in the future|future roles?|opens? up|keep me in mind|paths cross|hope to|look forward|best of luck with (?:the|your) (?:new|search|project|team)|wish (?:you|the team)|zukunft|avenir|futuro|auf wiedersehen|bonne continuation|mucha suerte)",
)
_KIND_PATTERNS = tuple(re.compile(p) for p in _KIND_CUES)
# one pattern per move; the text is lower-cased first, so no IGNORECASE (much faster)
_CUE_PATTERNS = tuple(
    (move, re.compile("|".join(f"(?:{p})" for m, p in _CUES if m == move)))
    for move in HARMFUL
    if any(m == move for m, _ in _CUES)
)
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")
_QUOTED = re.compile(r"[\"“‘«„][^\"”’»“]{1,60}[\"”’»“]")
_THEM = re.compile(
    r"\b(?:you|your|you've|you're|they|their|the (?:panel|interviewers?|recruiters?|process|company|team|hr|hiring)|vous|votre|vos|ihr|ihre|ihnen|sie|usted|ustedes|su|sus)\b"
)
_ME = re.compile(r"\b(?:i|i'm|i've|me|my|myself|je|moi|ich|mich|mir|yo|me|mi)\b")
_THANKS = re.compile(r"\b(?:thank|thanks|grateful|appreciate\w*|merci|danke|gracias)\b")
N_CUES = len(HARMFUL) + len(_KIND_CUES) + 13


def normalise(text: str) -> str:
    """Lower case, NFC, straight apostrophes: the form the word features are read from."""
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES).lower()


def tokens(text: str) -> list[str]:
    """Words and word pairs of a sentence, the vocabulary's units."""
    words = _TOKEN.findall(normalise(text))
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def cues(text: str) -> npt.NDArray[np.float32]:
    """The hand-written signals of one sentence, as numbers."""
    low = normalise(text)
    out = np.zeros(N_CUES, dtype=np.float32)
    for move, pattern in _CUE_PATTERNS:
        if pattern.search(low):
            out[HARMFUL.index(move)] = 1.0
    for i, pattern in enumerate(_KIND_PATTERNS):
        out[len(HARMFUL) + i] = float(bool(pattern.search(low)))
    words = [w for w in _TOKEN.findall(low) if w[0].isalpha() or w[0] == "*"]
    n = len(HARMFUL) + len(_KIND_CUES)
    out[n] = float(any(w in PROFANITY or w in RUDE or "*" in w for w in words))
    out[n + 1] = float(bool(_SHOUT.search(text)))
    out[n + 2] = float("!" in text)
    out[n + 3] = float(text.rstrip().endswith("?"))
    out[n + 4] = float("..." in text or "…" in text)
    out[n + 5] = float(bool(_QUOTED.search(text)))
    out[n + 6] = min(len(words), 40) / 40.0
    out[n + 7] = float(len(words) <= 4)
    them = bool(_THEM.search(low))
    out[n + 8] = float(them)
    # how many words the sentiment lexicon holds as clearly negative, and next to what
    lexicon = _vader().lexicon
    negative = min(sum(1 for w in words if lexicon.get(w, 0.0) <= -1.0), 3) / 3.0
    out[n + 9] = negative
    out[n + 10] = negative * them
    out[n + 11] = negative * bool(_THANKS.search(low))
    out[n + 12] = negative * bool(_ME.search(low))
    return out


@lru_cache(maxsize=1)
def _vader() -> Any:
    # lazy: the sentiment lexicon loads when the first text is judged
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> npt.NDArray[np.float32]:
    """VADER's negative, neutral, positive and compound scores."""
    s = _vader().polarity_scores(text)
    return np.array([s["neg"], s["neu"], s["pos"], s["compound"]], dtype=np.float32)


def dense(sentences: Sequence[str]) -> npt.NDArray[np.float32]:
    """Embedding, sentiment and cues, one row per sentence."""
    rows = [np.concatenate([sentiment(s), cues(s)]) for s in sentences]
    extra = np.array(rows, dtype=np.float32).reshape(len(sentences), 4 + N_CUES)
    return np.hstack([embeddings.embed(list(sentences), None), extra])


class Vocabulary:
    """Words and word pairs with their inverse document frequency (sublinear tf, l2 norm)."""

    def __init__(self, terms: Sequence[str], idf: npt.NDArray[np.float32]) -> None:
        self.terms = list(terms)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.idf = idf.astype(np.float32)

    def transform(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One weighted, unit-length row per sentence."""
        out = np.zeros((len(sentences), len(self.terms)), dtype=np.float32)
        for row, s in enumerate(sentences):
            counts: dict[int, int] = {}
            for t in tokens(s):
                i = self.index.get(t)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            for i, c in counts.items():
                out[row, i] = (1.0 + np.log(c)) * self.idf[i]
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


def features(vocab: Vocabulary, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
    """Everything the sentence models read, one row per sentence."""
    return np.hstack([vocab.transform(sentences), dense(sentences)])


@dataclass(frozen=True, eq=False)
class Model:
    """The trained weights: harmful or not, which move, which kind."""

    vocab: Vocabulary
    harm_coef: npt.NDArray[np.float32]
    harm_bias: float
    move_coef: npt.NDArray[np.float32]
    move_bias: npt.NDArray[np.float32]
    moves: tuple[str, ...]
    kind_vocab: Vocabulary
    kind_coef: npt.NDArray[np.float32]
    kind_bias: npt.NDArray[np.float32]
    kinds: tuple[str, ...]
    threshold: float
    # per harmful move, the harm score a sentence needs to be read as that move (at least
    # `threshold`); a move left out needs `threshold`
    move_thresholds: dict[str, float] = field(default_factory=dict)

    def cut(self, move: str) -> float:
        """The harm score a sentence needs to be read as this harmful move."""
        return max(self.threshold, self.move_thresholds.get(move, self.threshold))

    def harm(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """How likely each row is a harmful sentence."""
        z = x @ self.harm_coef + self.harm_bias
        out: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def move_scores(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """A score per move for each row (higher is likelier)."""
        out: npt.NDArray[np.float32] = x @ self.move_coef.T + self.move_bias
        return out


def save(path: str, model: Model) -> None:
    """Write the weights as plain arrays (no pickled objects)."""
    np.savez_compressed(
        path,
        terms=np.array(model.vocab.terms, dtype=str),
        idf=model.vocab.idf,
        harm_coef=model.harm_coef,
        harm_bias=np.array([model.harm_bias], dtype=np.float32),
        move_coef=model.move_coef,
        move_bias=model.move_bias,
        moves=np.array(model.moves, dtype=str),
        kind_terms=np.array(model.kind_vocab.terms, dtype=str),
        kind_idf=model.kind_vocab.idf,
        kind_coef=model.kind_coef,
        kind_bias=model.kind_bias,
        kinds=np.array(model.kinds, dtype=str),
        threshold=np.array([model.threshold], dtype=np.float32),
        cut_moves=np.array(list(model.move_thresholds), dtype=str),
        cut_values=np.array(list(model.move_thresholds.values()), dtype=np.float32),
    )


def _from(data: Any) -> Model:
    return Model(
        vocab=Vocabulary([str(t) for t in data["terms"]], data["idf"]),
        harm_coef=data["harm_coef"].astype(np.float32),
        harm_bias=float(data["harm_bias"][0]),
        move_coef=data["move_coef"].astype(np.float32),
        move_bias=data["move_bias"].astype(np.float32),
        moves=tuple(str(m) for m in data["moves"]),
        kind_vocab=Vocabulary([str(t) for t in data["kind_terms"]], data["kind_idf"]),
        kind_coef=data["kind_coef"].astype(np.float32),
        kind_bias=data["kind_bias"].astype(np.float32),
        kinds=tuple(str(k) for k in data["kinds"]),
        threshold=float(data["threshold"][0]),
        move_thresholds=(
            {str(k): float(v) for k, v in zip(data["cut_moves"], data["cut_values"], strict=True)}
            if "cut_moves" in data.files
            else {}
        ),
    )


def load(path: str) -> Model:
    """Read weights written by `save` (pickle refused)."""
    with np.load(path, allow_pickle=False) as data:
        return _from(data)


@lru_cache(maxsize=1)
def packaged() -> Model:
    """The model shipped in the package."""
    with resources.as_file(resources.files("doorajar.drafts") / "tone_model.npz") as p:
        return load(str(p))


_IN_USE: list[Model] = []


def model() -> Model:
    """The model the guard reads with: the packaged one, unless `using` put another in."""
    return _IN_USE[-1] if _IN_USE else packaged()


@contextmanager
def using(m: Model) -> Iterator[None]:
    """Read with another model for a while (a benchmark's model trained without one writer)."""
    _IN_USE.append(m)
    try:
        yield
    finally:
        _IN_USE.pop()


@dataclass(frozen=True)
class Reading:
    """What the model makes of one sentence."""

    move: str
    harm: float

    @property
    def harmful(self) -> bool:
        """Whether the move is one of the harmful ones."""
        return self.move in HARMFUL


# Sentences read together: a row of features is about 29 kB (the vocabulary's words and
# the embedding), so 256 rows hold 7 MB however many sentences a text has.
_READ_CHUNK = 256


def read(sentences: Sequence[str], m: Model | None = None) -> list[Reading]:
    """The move of each sentence: a harmful one when the harm score passes that move's
    threshold, otherwise the likeliest gracious one."""
    if not sentences:
        return []
    m = m or model()
    harmful = np.array([mv in HARMFUL for mv in m.moves])
    out = []
    for start in range(0, len(sentences), _READ_CHUNK):
        x = features(m.vocab, sentences[start : start + _READ_CHUNK])
        harm = m.harm(x)
        scores = m.move_scores(x)
        for row, h in enumerate(harm):
            best = int(np.argmax(np.where(harmful, scores[row], -np.inf)))
            if h < m.cut(m.moves[best]):
                best = int(np.argmax(np.where(~harmful, scores[row], -np.inf)))
            out.append(Reading(m.moves[best], float(h)))
    return out


# What each kind of message tends to talk about (lower-cased text).
_KIND_SIGNALS = tuple(
    re.compile(p)
    for p in (
        r"\blinkedin\b|\bconnect(?:ing|ion|ed)?\b|\bmy network\b|\bréseau|\bnetzwerk|\bcontactos\b",
        r"\bfeedback\b|\bretour\b|\brückmeldung|\bcomentarios\b|\bone thing\b|\bimprove|\bstrengthen",
        r"follow(?:ing)?[ -]up|\bagain\b|\bmy (?:last|previous|earlier) (?:note|e-?mail|message)|\bnudge\b|\brelance|\bnachfass|\bseguimiento",
        r"thank(?:s| you) for (?:the|your) (?:feedback|notes|comments|pointers|thoughts)|\buseful\b|\bhelpful\b|\bfair\b",
        r"\bapplied\b|\bapplication\b|\bstatus\b|\bcheck(?:ing)? in\b|\bany (?:news|update)|\bcandidature|\bbewerbung|\bpostul|\bsolicitud",
        r"\bmonths? (?:ago|since)|\barticle\b|\bcertif\w*|\bthought of you|\bcame across|\bhope you(?:'re| are) (?:well|doing)",
        r"\b(?:new|another|open|similar) (?:role|position|opening|post|vacancy)|\b(?:posted|advertised|reopened|listing)\b|\bconsidered for|\breapply|\binterviewed (?:last|in|for)",
        r"\bletting me know|\bthe news\b|\bdecision\b|\bunsuccessful\b|\bnot (?:be )?moving forward|\bother candidate",
    )
)


def kind_features(vocab: Vocabulary, text: str) -> npt.NDArray[np.float32]:
    """What the kind model reads: words of the whole text, its embedding, what it talks
    about and how long it is."""
    low = normalise(text)
    words = len(low.split())
    shape = [float(bool(p.search(low))) for p in _KIND_SIGNALS] + [
        min(words, 300) / 300.0,
        float(words <= 60),
        min(low.count("?"), 3) / 3.0,
    ]
    return np.hstack(
        [vocab.transform([text])[0], embeddings.embed([text], None)[0], np.array(shape, np.float32)]
    )


def kind(text: str, m: Model | None = None) -> str:
    """The kind of message the text most likely is."""
    m = m or model()
    z = kind_features(m.kind_vocab, text) @ m.kind_coef.T + m.kind_bias
    return m.kinds[int(np.argmax(z))]
