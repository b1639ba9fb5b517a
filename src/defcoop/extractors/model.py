"""The records that flow through defcoop: articles in, mentions and facts out.

`FACT_FIELDS` is a public contract: `defcoop eval` and users' scripts rely on exactly these keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Action = Literal["agree", "pledge", "deliver", "request", "produce", "fund", "discuss", "propose"]
ACTIONS: tuple[str, ...] = get_args(Action)  # the one definition of the action set

# PLOVER category and CAMEO code of each action (GUIDELINES.md), for event databases.
PLOVER: dict[str, tuple[str, str]] = {
    "agree": ("SUPPORT", "057"),
    "pledge": ("AGREE", "0332"),
    "deliver": ("AID", "072"),
    "request": ("REQUEST", "0232"),
    "produce": ("COOPERATE", "062"),
    "fund": ("AID", "071"),
    "discuss": ("CONSULT", "040"),
    "propose": ("AGREE", "0312"),
}
# PLOVER's AID modes; AGREE, SUPPORT, COOPERATE have none, and CONSULT's (visit, third-party,
# multilateral, phone) would need more than the action to tell.
PLOVER_MODE: dict[str, str] = {"deliver": "military", "fund": "economic"}
# PLOVER contexts ("Context codes that can be used with any category") beyond `military`, by modality
MODALITY_CONTEXT: dict[str, list[str]] = {"intended": ["future"], "possible": ["hypothetical"]}

Modality = Literal["asserted", "intended", "possible"]

FACT_FIELDS: tuple[str, ...] = (
    "article", "language", "published", "action", "actors", "officials", "systems",
    "date", "evidence", "start", "end", "confidence", "quantity", "value", "currency",
)  # appended keys only: CSV column positions stay
# Added with `--extra`: useful to some users, outside the contract.
EXTRA_FACT_FIELDS: tuple[str, ...] = ("modality", "plover", "cameo", "context", "mode")

MENTION_FIELDS: tuple[str, ...] = ("article", "type", "name", "text", "start", "end")
EXTRA_MENTION_FIELDS: tuple[str, ...] = ("id", "source")


@dataclass(slots=True)
class Article:
    """One article as read from disk: `text` is what every character offset refers to."""

    path: str
    text: str
    language: str | None = None
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    id: str | None = None
    encoding: str | None = None
    # what the reader had to repair or leave out ("3 bytes that are not UTF-8 replaced"), said on stderr
    warnings: list[str] = field(default_factory=list)


MentionType = Literal["system", "official", "country", "organization"]
# gazetteer: an alias; role: "the Ukrainian defence minister"; ner/title: a person no gazetteer knows
MentionSource = Literal["gazetteer", "role", "ner", "title"]


@dataclass(slots=True)
class Mention:
    article: str
    type: MentionType
    name: str
    text: str
    start: int
    end: int
    id: str = ""
    source: MentionSource = "gazetteer"

    def as_dict(self, extra: bool = False) -> dict:
        keys = MENTION_FIELDS + (EXTRA_MENTION_FIELDS if extra else ())
        return {k: getattr(self, k) for k in keys}


@dataclass(slots=True)
class Fact:
    article: str
    language: str | None
    published: str | None
    action: str
    actors: list[str]
    officials: list[str]
    systems: list[str]
    date: str | None
    evidence: str
    start: int
    end: int
    confidence: float
    modality: str = "asserted"
    sources: list[str] = field(default_factory=list)  # filled by --merge
    trace: list[str] = field(default_factory=list)  # the rules that made it (`--trace`)
    quantity: int | None = None  # units of its systems the sentence states (extractors/quantities.py)
    value: int | float | None = None  # the amount of money, an int when whole
    currency: str | None = None  # ISO 4217 code of `value`

    @property
    def plover(self) -> str:
        return PLOVER[self.action][0]

    @property
    def cameo(self) -> str:
        return PLOVER[self.action][1]

    @property
    def context(self) -> list[str]:
        return ["military", *MODALITY_CONTEXT.get(self.modality, [])]

    @property
    def mode(self) -> str | None:
        return PLOVER_MODE.get(self.action)

    def as_dict(self, extra: bool = False) -> dict:
        keys = FACT_FIELDS + (EXTRA_FACT_FIELDS if extra else ())
        return {k: getattr(self, k) for k in keys}


@dataclass(slots=True)
class Rejected:
    """A candidate turned down: the fact it would have been, and the rule (or `decide`) that refused it."""

    fact: Fact
    rule: str
    vetoes: list[str] = field(default_factory=list)  # every veto rule that spoke against it


class InputError(Exception):
    """An input that cannot be read: the message names the problem, `path` the file.

    `detail` holds the traceback of an unexpected error, shown with --verbose. Errors cross process
    boundaries (a worker's failure is reported by the main process), so they pickle by their fields.
    """

    def __init__(self, path: str, message: str, detail: str | None = None) -> None:
        path = printable_path(path)
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.detail = detail

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str | None]]:
        return (InputError, (self.path, self.message, self.detail))


def printable_path(path: str) -> str:
    """A path that can be written as UTF-8: the undecodable bytes of a file name (which Python keeps as
    lone surrogates) become backslash escapes, b'caf\\xe9.txt' -> 'caf\\xe9.txt'. Other paths are unchanged."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system produced
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
