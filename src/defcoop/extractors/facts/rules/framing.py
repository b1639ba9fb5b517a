"""Stage `framing`: inside a clause, which trigger is the act and which are its topic or its setting.

| rule | decides |
|---|---|
| `counted_visit` | "his first visit since ..." is commentary on a visit told before |
| `after_signing` | "After signing the deal, X met Y": the signing is the time of what follows |
| `purchase_is_topic` | "finance the purchase of drones": a purchase word is the topic of the other act |
| `meeting_is_setting` | "signed ... during a visit": a meeting named as a noun is the setting |
| `frames_take_topics` | "discussed deliveries of X" is one `discuss`; an agreement frames production |
| `one_act_per_action` | frames of one action in one clause are one act ("the talks ... discussed") |
"""

from __future__ import annotations

from ..registry import rule
from ..sentence import Candidate, Sentence

FRAMED = {"deliver", "produce", "fund", "pledge"}  # what a framing trigger can take as its topic
FRAMING = {"agree", "discuss", "request", "propose", "pledge"}  # "promised the delivery of X" is a pledge


@rule("framing", 10)
def counted_visit(s: Sentence) -> None:
    """A counted visit is no new discussion: "It was his first visit to Berlin since ..."."""
    s.keep([c for c in s.candidates if not (
        c.trigger.kind == "discuss" and any(w in s.lang.ordinals for w in s.before(c.trigger.first, 2)))])


@rule("framing", 20)
def after_signing(s: Sentence) -> None:
    """A signing after "after" is the time of another act: "Po podpisaniu umowy ... spotkał się"."""
    setting_end = -1  # where the "after signing the agreement" phrase ends so far
    for c in s.candidates:
        t = c.trigger
        if t.kind == "agree" and t.first > 0 and (s.norm(t.first - 1) in s.lang.after or t.first == setting_end) \
                and any(o.trigger.first >= t.last and o.trigger.kind != "agree" for o in s.candidates):
            setting_end = t.last
    if setting_end >= 0:
        s.keep([c for c in s.candidates if not (c.trigger.kind == "agree" and c.trigger.last <= setting_end)])


def is_purchase(c: Candidate) -> bool:
    """An `agree` trigger that needs an object: "purchase", "acquire", "order for"."""
    return c.trigger.kind == "agree" and c.trigger.trigger is not None and c.trigger.trigger.needs_object


@rule("framing", 30)
def purchase_is_topic(s: Sentence) -> None:
    """A purchase word is the topic of another act of its clause: "interested in acquiring jets"."""
    def topic(c: Candidate) -> bool:
        return is_purchase(c) and any(
            (o.clause == c.clause and not is_purchase(o) and o.trigger.kind != "discuss")
            or (o.clause == c.clause and o.trigger.kind == "discuss" and o.trigger.first < c.trigger.first)
            for o in s.candidates if o is not c)
    s.keep([c for c in s.candidates if not topic(c)])


def _opens_clause(s: Sentence, c: Candidate, cands: list[Candidate]) -> bool:
    """Without a tagger, a discussion that opens its clause frames what follows ("обсудил подготовку
    договора"); in verb-final German, one that closes it does too."""
    others = [o for o in cands if o.trigger.kind != "discuss" and o.clause == c.clause]
    if s.nominal is not None or not others:
        return False
    opening = all(o.trigger.first > c.trigger.first for o in others)
    if s.lang.verb_final:  # "... über die Lieferung von Taurus gesprochen"
        return opening or all(o.trigger.first < c.trigger.first for o in others)
    return opening


@rule("framing", 40)
def meeting_is_setting(s: Sentence) -> None:
    """A meeting named as a noun is the setting of another act: "signed the deal during a visit"."""
    cands = s.candidates
    if not any(c.trigger.kind != "discuss" for c in cands):
        return

    def setting(c: Candidate) -> bool:
        if c.trigger.kind != "discuss" or not (s.nominal is None or c.trigger.first in s.nominal):
            return False
        after_word = any(w in s.lang.setting for w in s.before(c.trigger.first, 2))  # "bei dem Treffen"
        return not (_opens_clause(s, c, cands) and not after_word)
    s.keep([c for c in cands if not setting(c)])


def _frames(s: Sentence) -> list[Candidate]:
    return [c for c in s.candidates if c.trigger.trigger is not None
            and (c.trigger.trigger.frame or c.trigger.kind in FRAMING) and not is_purchase(c)
            and not (s.nominal is not None and c.trigger.kind == "discuss" and c.trigger.first in s.nominal)]


def _topic_of(s: Sentence, c: Candidate, frames: list[Candidate]) -> Candidate | None:
    """The discussion, request or offer whose topic an agreement noun is: "discussed the preparation of
    a treaty" (unless "and" starts a new act)."""
    return next((f for f in frames if f.trigger.kind in ("discuss", "request", "propose")
                 and f.clause == c.clause and f.trigger.last <= c.trigger.first
                 and (s.nominal is None or c.trigger.first in s.nominal)
                 and not any(s.norm(i) in s.lang.coordinators for i in range(f.trigger.last, c.trigger.first))),
                None)


def _framer(s: Sentence, c: Candidate, frames: list[Candidate]) -> Candidate | None:
    """The frame a delivery, production, funding or pledge is the topic of. An agreement about
    production is `agree` wherever the production is told in its sentence; verb-final German and a
    Slavic infinitive fronted before its verb ("Передати Україні IRIS-T канцлер пообіцяв") are framed by
    a trigger after them."""
    backward = s.lang.verb_final or _infinitive(s, c)
    framer = next((f for f in frames if f is not c and (
        (f.clause == c.clause and (f.trigger.first < c.trigger.first or backward))
        or (f.trigger.kind == "agree" and c.trigger.kind == "produce"))), None)
    if framer is not None and framer.trigger.kind == "discuss" and s.nominal is None and c.clause != framer.clause:
        return None
    return framer


def _infinitive(s: Sentence, c: Candidate) -> bool:
    endings = s.lang.infinitive_endings
    return bool(endings) and c.trigger.last - c.trigger.first == 1 and s.norm(c.trigger.first).endswith(endings)


@rule("framing", 50, veto=False)
def frames_take_topics(s: Sentence) -> None:
    """A framing trigger absorbs the acts it is about: "discussed accelerating deliveries of X" is a discussion."""
    frames = _frames(s)
    live: list[Candidate] = []
    for c in s.candidates:
        if c.trigger.kind == "agree" and c not in frames[:1]:
            topic_of = _topic_of(s, c, frames)
            if topic_of is not None:
                topic_of.absorbed.append(c.trigger)
                s.note(topic_of)
                continue
        if c in frames or c.trigger.kind not in FRAMED:
            live.append(c)
            continue
        framer = _framer(s, c, frames)
        if framer is not None:
            framer.absorbed.append(c.trigger)
            s.note(framer)
        else:
            live.append(c)
    s.keep(live)


@rule("framing", 60, veto=False)
def one_act_per_action(s: Sentence) -> None:
    """Two triggers of one action in one clause tell one act: "the talks, held on Monday, discussed ..."."""
    merged: list[Candidate] = []
    for c in s.candidates:
        twin = next((m for m in merged if m.clause == c.clause and m.trigger.kind == c.trigger.kind), None)
        if twin is None:
            merged.append(c)
        else:
            twin.absorbed.append(c.trigger)
            s.note(twin)
    s.keep(sorted(merged, key=lambda c: c.trigger.first))
