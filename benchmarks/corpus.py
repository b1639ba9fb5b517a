"""A generated corpus for the benchmark: N news-like articles in eight languages, with page noise.

Each article has a menu, a headline, a byline and date, several paragraphs of battlefield and political
background (no cooperation fact), and one to three cooperation sentences built from templates with systems,
states and officials drawn from the shipped gazetteers, then "Read also" and share lines. All text here is
ours; the generator is seeded, so a given N always gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from defcoop.extractors.gazetteer import load_gazetteer

NOISE = {
    "en": ["Home", "World", "Politics", "Subscribe", "Share on Facebook", "Share on X",
           "Read also: markets close higher",
           "Sign in", "Most read", "Cookies help us deliver our services."],
    "fr": ["Accueil", "International", "Partager", "S'abonner", "Lire aussi : la Bourse termine en hausse",
           "Se connecter", "Les plus lus"],
    "de": ["Startseite", "Politik", "Teilen", "Abonnieren", "Lesen Sie auch: Börse schließt im Plus", "Anmelden"],
    "uk": ["Головна", "Новини", "Поділитися", "Читайте також: курс гривні", "Увійти", "Популярне"],
    "ru": ["Главная", "Новости", "Поделиться", "Читайте также: курс рубля", "Войти", "Популярное"],
    "it": ["Home", "Esteri", "Condividi", "Leggi anche: la Borsa chiude in rialzo", "Accedi"],
    "pl": ["Strona główna", "Świat", "Udostępnij", "Czytaj także: kurs złotego", "Zaloguj się"],
    "es": ["Inicio", "Internacional", "Compartir", "Lee también: la Bolsa cierra al alza", "Iniciar sesión"],
}
FILLER = {
    "en": ["Shelling continued overnight along the eastern front, local authorities reported.",
           "Power was restored to most districts by the afternoon after repairs to the grid.",
           "Analysts said the winter would test the resilience of both economies.",
           "The regional governor urged residents to stay in shelters during the alerts.",
           "Prices for fuel rose again in the capital this week, according to statistics."],
    "fr": ["Les bombardements se sont poursuivis dans la nuit sur le front est, selon les autorités locales.",
           "Le courant a été rétabli dans la plupart des quartiers en fin d'après-midi.",
           "Les analystes estiment que l'hiver mettra à l'épreuve les deux économies.",
           "Le gouverneur a demandé aux habitants de rester dans les abris pendant les alertes."],
    "de": ["In der Nacht gingen die Angriffe an der Ostfront weiter, teilten die Behörden mit.",
           "Der Strom war am Nachmittag in den meisten Bezirken wieder da.",
           "Beobachter erwarten einen schwierigen Winter für beide Volkswirtschaften."],
    "uk": ["Уночі тривали обстріли на східному напрямку, повідомила місцева влада.",
           "Електропостачання відновили в більшості районів до вечора.",
           "Аналітики вважають, що зима стане випробуванням для економіки."],
    "ru": ["Ночью продолжались обстрелы на восточном направлении, сообщили местные власти.",
           "Электроснабжение восстановили в большинстве районов к вечеру.",
           "Аналитики считают, что зима станет испытанием для экономики."],
    "it": ["Nella notte sono proseguiti i bombardamenti sul fronte orientale, secondo le autorità locali.",
           "La corrente è tornata nella maggior parte dei quartieri nel pomeriggio."],
    "pl": ["W nocy trwał ostrzał na froncie wschodnim, poinformowały lokalne władze.",
           "Prąd przywrócono w większości dzielnic po południu."],
    "es": ["Los bombardeos continuaron durante la noche en el frente oriental, según las autoridades locales.",
           "La electricidad volvió a la mayoría de los barrios por la tarde."],
}
FACTS = {
    "en": ["{A} and {B} signed a contract for {S} systems on Monday.",
           "{A} has delivered {S} missiles to {B}, the ministry said.",
           "{B} asked {A} for more {S} launchers."],
    "fr": ["{A} et {B} ont signé un accord sur la production conjointe de {S}.",
           "{A} a livré des systèmes {S} à {B}, a indiqué le ministère."],
    "de": ["{A} hat {B} weitere {S}-Systeme geliefert, teilte das Ministerium mit.",
           "{A} und {B} unterzeichneten einen Vertrag über {S}."],
    "uk": ["{A} передала {B} системи {S}, повідомило міністерство.",
           "{A} та {B} підписали угоду про спільне виробництво {S}."],
    "ru": ["{A} передала {B} комплексы {S}, сообщило министерство."],
    "it": ["{A} ha consegnato a {B} i sistemi {S}, ha detto il ministero."],
    "pl": ["{A} przekazała {B} systemy {S}, poinformowało ministerstwo."],
    "es": ["{A} ha entregado a {B} sistemas {S}, informó el ministerio."],
}
LANGUAGES = list(NOISE)


def articles(n: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    gaz = load_gazetteer()
    systems = sorted(s.name for s in gaz.systems.values())
    states = [gaz.states[c].name for c in ("UA", "FR", "DE", "PL", "IT", "ES", "US", "GB", "RU", "IR", "KP")
              if c in gaz.states]
    for i in range(n):
        lang = LANGUAGES[i % len(LANGUAGES)]
        lines = rng.sample(NOISE[lang], k=min(4, len(NOISE[lang])))
        lines.append(f"Headline {i}: {rng.choice(states)}")
        lines.append(f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025 {rng.randint(0, 23):02d}:00")
        for _ in range(rng.randint(5, 9)):
            paragraph = [rng.choice(FILLER[lang]) for _ in range(rng.randint(3, 6))]
            if rng.random() < 0.3:
                a, b = rng.sample(states, 2)
                paragraph.insert(rng.randint(0, len(paragraph)),
                                 rng.choice(FACTS[lang]).format(A=a, B=b, S=rng.choice(systems)))
            lines.append(" ".join(paragraph))
        lines += rng.sample(NOISE[lang], k=2)
        yield {"id": f"bench-{i:05d}", "language": lang, "text": "\n\n".join(lines)}


def write(n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for art in articles(n):
            out.write(json.dumps(art, ensure_ascii=False) + "\n")
    return path


# ------------------------------------------------------------------------------------ real news pages

# The annotated pages beside the repository (third-party text: read from there into a temporary folder,
# never copied into the repository)
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REAL_FOLDERS = ("train", "dev")


def real_pages(shared: Path = SHARED) -> list[Path]:
    """The real cooperation pages, in a fixed order; empty on a fresh clone without ../shared."""
    return sorted(p for name in REAL_FOLDERS if (shared / name / "articles").is_dir()
                  for p in (shared / name / "articles").iterdir() if p.suffix in (".txt", ".md", ".html"))


def write_real(n: int, folder: Path, pages: list[Path], share: int = 3) -> Path:
    """N files under distinct names in `folder`: one real page in every `share` files (the pages
    replicated in turn), generated news-like pages for the rest, as a news crawl mixes cooperation
    stories with everything else. `share=1`: real pages only."""
    folder.mkdir(parents=True, exist_ok=True)
    generated = articles(n)
    real = 0
    for i in range(n):
        art = next(generated)
        if i % share == 0:
            page = pages[real % len(pages)]
            real += 1
            (folder / f"{i:05d}-{page.stem}{page.suffix}").write_bytes(page.read_bytes())
        else:
            head = f"---\nid: {art['id']}\nlanguage: {art['language']}\n---\n"
            (folder / f"{i:05d}-{art['id']}.txt").write_text(head + art["text"] + "\n", encoding="utf-8")
    return folder
