"""Which clause each word of a sentence belongs to: from the dependency parse, or by rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..gazetteer import LanguageData
from ..text import Word

# dependency labels of a verb that heads a clause of its own
CLAUSE_HEADS = {"ROOT", "conj", "relcl", "acl:relcl", "advcl", "ccomp", "parataxis"}
FINITE_TAGS = ("VBD", "VBZ", "VBP")


@dataclass(slots=True)
class Clauses:
    """Which clause each word of a sentence belongs to (clauses need not be contiguous)."""

    ids: list[int]  # clause id per word
    relative: set[int] = field(default_factory=set)  # ids of relative clauses ("which France supplied")
    subjects: set[int] = field(default_factory=set)  # words inside a grammatical subject (parse only)

    def words(self, cid: int) -> list[int]:
        return [i for i, c in enumerate(self.ids) if c == cid]

    def first_word(self, cid: int) -> int:
        return self.ids.index(cid)


def split_clauses(ws: list[Word], text: str, lang: LanguageData, subjects: set[int] | None = None,
                  verbs: set[int] | None = None) -> Clauses:
    """Rule-based clauses: cut at ';', at a comma before a clause opener (which, qui, який ...), and
    before "and"/"et"/"und" ... when a new subject (a state or official, in `subjects`) follows it and
    a trigger (in `verbs`) follows that subject closely: "X delivered A and Y signed B", not "X and Y"."""
    subjects = subjects or set()
    ids: list[int] = []
    rel: set[int] = set()
    cid = 0
    for i, w in enumerate(ws):
        if i > 0:
            gap = text[ws[i - 1].end:w.start]
            if ";" in gap or (":" in gap and i > 3):
                cid += 1
            elif ("," in gap and w.norm in lang.clause_openers) or (
                    w.norm in lang.relative and (i + 1) in subjects and not lang.verb_final):
                # ", which ...", or "un avión que España fabrica" (a subject right after; not in German,
                # where der/die/das are articles too and a relative clause always has its comma)
                cid += 1
                if w.norm in lang.relative:
                    rel.add(cid)
            elif w.norm in lang.coordinators and (i + 1) in subjects and i > 2 and any(
                    i + 2 <= v <= i + 6 and "," not in text[w.end:ws[v].start] for v in verbs or ()):
                cid += 1
        ids.append(cid)
    return Clauses(ids, rel)


def _finite(node: Any) -> bool:
    """Has its own subject, is a relative clause, or is a finite coordinated predicate ("reaffirmed
    X and highlighted Y"); a gerund or infinitive ("accelerating X and sustaining Y") is not."""
    if node.tag_ == "VB" or node.morph.get("VerbForm") == ["Inf"]:
        return False  # "preparations to transfer X" is one act, whatever the label
    if node.dep_ in ("relcl", "acl:relcl") or any(c.dep_.startswith("nsubj") for c in node.children):
        return True
    if node.dep_ != "conj":
        return False
    if node.morph.get("VerbForm") == ["Fin"] or node.tag_ in FINITE_TAGS:
        return True
    # "reaffirmed X and highlighted Y": a past form tagged as participle after a finite verb
    return node.tag_ == "VBN" and node.head.tag_ in FINITE_TAGS and \
        not any(c.dep_ in ("aux", "auxpass") for c in node.children)


def _clause_heads(tokens: list[Any]) -> tuple[dict[int, int], set[int]]:
    """Token index -> the index of the token heading its clause; and the heads of relative clauses."""
    roots = [t.i for t in tokens if t.dep_ == "ROOT"]
    clause_head: dict[int, int] = {}
    rel: set[int] = set()
    for tok in tokens:
        node = tok
        while True:
            if node.dep_ == "ROOT" or (node.dep_ in CLAUSE_HEADS and node.pos_ in ("VERB", "AUX")
                                       and _finite(node)):
                break
            if node.head.i == node.i:
                break
            node = node.head
        # the parser may split what the sentence rules keep together ("... des canons CAESAR."):
        # every root inside one sentence belongs to its first clause
        clause_head[tok.i] = roots[0] if node.dep_ == "ROOT" and roots else node.i
        if node.dep_ in ("relcl", "acl:relcl"):
            rel.add(node.i)
    return clause_head, rel


def dependency_clauses(ws: list[Word], sent: Any, offset: int) -> Clauses:
    """Clauses from a dependency parse: each finite verb heading a conjunct, relative, adverbial or
    complement clause starts its own ("to improve X" stays in the clause that governs it); every word
    belongs to the clause of its nearest such ancestor. `offset` is where the Doc starts in the article."""
    tokens = list(sent)
    clause_head, rel = _clause_heads(tokens)
    in_subject = {t.i for tok in tokens if tok.dep_.startswith("nsubj") for t in tok.subtree}
    starts = [t.idx + offset for t in tokens]
    ids: list[int] = []
    subjects: set[int] = set()
    k = 0
    for n, w in enumerate(ws):
        while k + 1 < len(tokens) and starts[k + 1] <= w.start:
            k += 1
        ids.append(clause_head[tokens[k].i])
        if tokens[k].i in in_subject:
            subjects.add(n)
    return Clauses(ids, rel, subjects)
