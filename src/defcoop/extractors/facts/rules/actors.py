"""Stage `facts`, second half: who acts, in which order, with which officials.

| rule | decides |
|---|---|
| `actors_of_clause` | the states named in the act's clause, and their parts (giver, recipient) |
| `someone_acts` | a clause with no weapon, no one named and no speaker is a heading, no act |
| `third_state_makes_its_own` | "Russia continues to manufacture missiles": no cooperation |
| `actors_from_sentence` | a clause naming no state takes the sentence's |
| `company_acts_for_its_state` | a company's delivery or production counts for its state |
| `giver_first` | pledge, deliver, fund: the giver first; a lone state is paired with the article's other |
| `home_company_is_no_partner` | a state dealing with a company of its own tells no cooperation |
| `adversaries_are_no_partners` | two states at war are never the two sides of an act |
| `no_actor_no_fact` | an act with no state is dropped |
| `officials_of_act` | the officials named in the clause, else in the sentence, and the speaker |
"""

from __future__ import annotations

from ...index import Entity
from ...text import unique
from ..registry import rule
from ..sentence import ActorMention, ActorsFound, ArticleContext, Candidate, Sentence

BILATERAL = {"agree", "discuss", "propose", "request", "deliver", "pledge", "produce", "fund"}
GIVER_FIRST = {"pledge", "deliver", "fund"}


def _membership(s: Sentence, first: int, last: int) -> bool:
    """A bloc named as a label: "the first NATO country", "EU member states", "країною НАТО"."""
    near = s.before(first, 2) + [w.norm for w in s.words[last + 1:last + 2]]
    return any(w.startswith(s.lang.member_stems) for w in near)


def _dative(s: Sentence, e: Entity, w: int) -> bool:
    """A Slavic dative state name that no other case shares ("Україні", "Ukrainie"; not "Франції", which
    is also a genitive): the recipient."""
    endings = s.lang.dative_endings
    if not endings or e.form == "adjective" or (w > 0 and s.norm(w - 1) in s.lang.prepositions):
        return False
    word = e.text.casefold()
    return word.endswith(endings) and not word.endswith(("ії", "ии", "ji"))


def _not_a_party(s: Sentence, e: Entity, w: int, sources: set[int]) -> bool:
    if (w > 0 and s.norm(w - 1).startswith(s.lang.adversary_stems)) or (
            w + 1 < len(s.words) and e.form == "adjective" and s.norm(w + 1).startswith(s.lang.adversary_stems)):
        return True  # "against Russia", "l'agression russe": the enemy, not a party
    if any(0 <= w - last <= 2 for last in sources):
        return True  # "according to South Korean intelligence": a source, not a party
    if e.type == "organization" and any(s.norm(k) in s.lang.channel_words for k in range(max(0, w - 2), w)):
        return True  # "through a European Union loan": the channel, not a party
    return e.type == "organization" and _membership(s, w, s.word_at(e.end - 1))


def speaker(ctx: ArticleContext, char: int) -> Entity | None:
    """The official quoted around `char`: the nearest one named before, else the first after."""
    before = [e for e in ctx.officials if e.start <= char]
    if before:
        return before[-1]
    return ctx.officials[0] if ctx.officials else None


def actors_in(s: Sentence, here: set[int]) -> ActorsFound:
    """The states named in the words `here`, and the speaker of a first-person quote."""
    recipients = {q.last for q in s.cues if q.kind == "recipient" and q.first in here}
    sources = {q.last for q in s.cues if q.kind == "report" and s.norm(q.first) in s.lang.source_words}
    out: list[ActorMention] = []
    for e in s.entities:
        if e.actor is None or e.place or e.type == "system":
            continue
        w = s.word_at(e.start)
        if w not in here or _not_a_party(s, e, w, sources):
            continue
        # "to Ukraine", "à l'Ukraine": the marker stands just before (an article may sit between)
        out.append(ActorMention(e.actor, w in recipients or (w - 1) in recipients or _dative(s, e, w), w,
                                w > 0 and s.norm(w - 1) in s.lang.giver_markers))
    quoted = None
    if any(s.norm(i) in s.lang.first_person for i in here):
        quoted = speaker(s.ctx, s.words[min(here)].start if here else 0)
        if quoted is not None and quoted.actor:
            out.append(ActorMention(quoted.actor, False, min(here), False))
    return ActorsFound(out, bool(out), quoted)


@rule("facts", 60)
def actors_of_clause(s: Sentence) -> None:
    """The states an act's own clause names, with their parts: "from Germany" gives, "to Ukraine" receives."""
    for c in s.candidates:
        c.found = actors_in(s, s.clause_words(c.clause))
        c.named = unique(m.actor for m in c.found.mentions)


@rule("facts", 70)
def someone_acts(s: Sentence) -> None:
    """A clause with no weapon, no state or official and no speaker is a heading: "Exchange of expertise"."""
    stems = s.index.title_stems

    def acted(c: Candidate) -> bool:
        here = s.clause_words(c.clause)
        return bool(c.systems) or any(q.first in here for q in s.weapon_cues) or any(
            not e.place and e.actor is not None and s.word_at(e.start) in here for e in s.entities) or (
            c.found is not None and c.found.speaker is not None) or (
            bool(stems) and any(s.norm(i).startswith(stems) for i in here))
    s.keep([c for c in s.candidates if acted(c)])


def _joint(s: Sentence, here: set[int]) -> bool:
    return any(s.norm(i) in s.lang.joint_words or s.norm(i).startswith(s.lang.joint_stems) for i in here)


@rule("facts", 80, veto=False)
def third_state_makes_its_own(s: Sentence) -> None:
    """A third state making its own weapons is no cooperation: "Russia continues to manufacture missiles"."""
    s.keep([c for c in s.candidates if not (
        c.trigger.kind == "produce" and len(c.named) == 1 and c.named[0] not in s.ctx.main_actors
        and not _joint(s, s.clause_words(c.clause)))])


@rule("facts", 90)
def actors_from_sentence(s: Sentence) -> None:
    """A clause that names no state takes the states of its sentence: "..., and will also supply X"."""
    whole: ActorsFound | None = None
    for c in s.candidates:
        if c.found is not None and not c.found.mentions:
            whole = whole or actors_in(s, set(range(len(s.words))))
            c.found = whole
            s.note(c)


def _giver_rank(p: ActorMention, *, receive: bool, subjects: set[int], first_named: int | None,
                parsed: bool, trigger: int) -> tuple[int, int]:
    """Sort key putting the giver first: a state in the grammatical subject or marked "from", else the
    state named nearest before the trigger ("France's commitment"), recipients last."""
    if receive:  # "Ukraine received IRIS-T from Germany": the subject is the recipient
        taker = p.word in subjects if subjects else p.word == first_named
        return (0, p.word) if p.giver else (2, p.word) if (taker or p.recipient) else (1, p.word)
    if p.giver or p.word in subjects:
        return (0, p.word)
    if p.recipient:
        return (3, p.word)
    if parsed and p.word <= trigger:  # "she reaffirmed France's commitment": nearest before
        return (1, trigger - p.word)
    return (2, p.word)  # without a parse: the first named (the subject in SVO and V2 order)


def order_actors(s: Sentence, c: Candidate, receive: bool, partner: bool) -> list[str]:
    """Actors in order; with one state named, the article's other main state is its `partner`."""
    assert c.found is not None
    pairs = c.found.mentions
    if not pairs:
        return list(s.ctx.main_actors)
    if c.action in GIVER_FIRST:
        first_named = min((p.word for p in pairs if not p.recipient and not p.giver), default=None)
        actors = unique(p.actor for p in sorted(pairs, key=lambda p: _giver_rank(
            p, receive=receive, subjects=s.clauses.subjects, first_named=first_named,
            parsed=s.nominal is not None, trigger=c.trigger.first)))
    else:
        actors = unique(p.actor for p in pairs)
    if len(actors) == 1 and c.action in BILATERAL and partner:
        other = next((a for a in s.ctx.main_actors if a != actors[0]), None)
        if other is not None:
            if c.action in GIVER_FIRST and all(p.recipient for p in pairs):  # the one named is the recipient
                actors = [other] + actors
            else:
                actors.append(other)
            s.note(c, "partner")
    return actors


def companies_in(s: Sentence, here: set[int]) -> list[str | None]:
    """The home states of the companies a clause names (None for a company of no known state)."""
    orgs = s.index.gaz.organizations
    return [orgs[e.id].country for e in s.entities if e.type == "organization" and orgs[e.id].type == "company"
            and e.actor is None and s.word_at(e.start) in here]


def states_named(s: Sentence, here: set[int]) -> set[str]:
    """The states a clause names itself (by name, capital, adjective, office), not through a company."""
    return {e.actor for e in s.entities if e.actor is not None and e.type != "system" and s.word_at(e.start) in here}


COMPANY_ACTS = {"deliver", "produce", "pledge"}  # a company's delivery or production counts for its state
EXPORTS = {"deliver", "pledge"}  # what a company alone does for its state abroad


@rule("facts", 95)
def company_acts_for_its_state(s: Sentence) -> None:
    """A company's delivery or production counts for its state: "Hanwha will deliver K9 howitzers to Egypt"."""
    for c in s.candidates:
        if c.action not in COMPANY_ACTS or c.found is None:
            continue
        homes = [h for h in companies_in(s, s.clause_words(c.clause)) if h and h not in c.named]
        if homes:
            giver = ActorMention(homes[0], False, c.trigger.first, True)
            c.found = c.found._replace(mentions=[giver, *c.found.mentions], named=True)
            c.named = unique([homes[0], *c.named])
            s.note(c)


@rule("facts", 100)
def giver_first(s: Sentence) -> None:
    """Orders the actors, the giver first for pledge, deliver and fund: "Germany delivered IRIS-T to Ukraine"."""
    for c in s.candidates:
        here = s.clause_words(c.clause)
        t = c.trigger
        receive = any(q.kind == "receive" and q.first < t.last and t.first < q.last for q in s.cues)
        # "signed with the Rheinmetall group": the other party is a company, not the article's other state;
        # but "Spain delivered the Leopards overhauled by Santa Bárbara" gives them to the other state
        homes = companies_in(s, here)
        own = c.action in EXPORTS and all(h is not None and h in states_named(s, here) for h in homes)
        c.actors = order_actors(s, c, receive, partner=not homes or own)


@rule("facts", 102)
def home_company_is_no_partner(s: Sentence) -> None:
    """A state dealing with a company of its own is no cooperation: "India's ministry signed with Larsen & Toubro".
    A company that delivers with no state of its own named beside it ("UAC delivered two Su-57 to a
    foreign customer") exports for its state: that is a delivery."""
    def domestic(c: Candidate) -> bool:
        here = s.clause_words(c.clause)
        homes = companies_in(s, here)
        if len(c.actors) != 1 or not homes or any(h != c.actors[0] for h in homes):
            return False
        return c.action not in EXPORTS or c.actors[0] in states_named(s, here)
    s.keep([c for c in s.candidates if not domestic(c)])


@rule("facts", 104, veto=False)
def adversaries_are_no_partners(s: Sentence) -> None:
    """Two states at war are never an act's two sides: "Russia sent Shahed drones against Kyiv"."""
    keep = []
    for c in s.candidates:
        if len(c.actors) == 2 and frozenset(c.actors) in s.index.hostile:
            if not set(c.actors) <= set(c.named):
                continue  # the article's other side was filled in: what joins them is fighting
            c.actors = c.actors[:1]  # "asked for missiles to strike targets on Russian territory"
            s.note(c)
        keep.append(c)
    s.keep(keep)


@rule("facts", 106, veto=False)
def no_actor_no_fact(s: Sentence) -> None:
    """An act with no state acting is no fact: an unnamed "the supplier delivered" in an article with none."""
    s.keep([c for c in s.candidates if c.actors])


@rule("facts", 110)
def officials_of_act(s: Sentence) -> None:
    """The officials named in the act's clause, else in its sentence, and the speaker of "we signed"."""
    for c in s.candidates:
        here = s.clause_words(c.clause)
        officials = unique(e.name for e in s.entities if e.type == "official" and s.word_at(e.start) in here)
        if not officials:
            officials = unique(e.name for e in s.entities if e.type == "official")
        quoted = c.found.speaker if c.found is not None else None
        if quoted is not None and quoted.name not in officials:
            officials.append(quoted.name)
        c.officials = officials
