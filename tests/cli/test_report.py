"""The HTML report: a self-contained page, its network, and the page as a browser shows it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from defcoop.cli.report import article_links, build_report, dominant, network_of, write_report


def fact(action, actors, date="2025-06-12", systems=("IRIS-T",), evidence="", article="news/a.txt", **more):
    record = {"article": article, "language": "en", "published": "2025-06-13", "action": action,
              "actors": list(actors), "officials": [], "systems": list(systems), "date": date,
              "evidence": evidence or f"{actors[0]} and partners: {action} {', '.join(systems)}.",
              "start": 0, "end": 10, "confidence": 0.9}
    record.update(more)
    return record


# Four states, three pairs: DE-UA (3 facts, mostly deliver), FR-UA (1 agree), DE-FR (1, in a fact with three
# actors, which also counts for DE-UA and FR-UA), and a fact of UA alone, which adds to UA but to no edge.
FACTS = [
    fact("deliver", ["DE", "UA"], evidence="Germany delivered IRIS-T to Ukraine."),
    fact("deliver", ["DE", "UA"], date="2025-05", evidence="Berlin sent more IRIS-T in May."),
    fact("agree", ["FR", "UA"], date="2024", systems=["CAESAR"], evidence="France and Ukraine signed for CAESAR."),
    fact("discuss", ["DE", "FR", "UA"], date=None, systems=[], evidence="The three ministers met <b>in</b> Kyiv."),
    fact("request", ["UA"], systems=["Patriot"], evidence="Ukraine asked for Patriot.", article="https-free.md"),
    fact("pledge", ["PL", "UA"], systems=["MiG-29"], evidence="Poland promised MiG-29 jets.", quantity=4),
]
NAMES = {"DE": "Germany", "FR": "France", "UA": "Ukraine", "PL": "Poland"}


def test_the_network_counts_states_and_pairs():
    net = network_of(FACTS)
    assert net.nodes == {"DE": 3, "UA": 6, "FR": 2, "PL": 1}
    edges = {(e.a, e.b): (len(e.facts), e.action) for e in net.edges}
    assert edges == {("DE", "UA"): (3, "deliver"), ("FR", "UA"): (2, "agree"), ("DE", "FR"): (1, "discuss"),
                     ("PL", "UA"): (1, "pledge")}
    assert set(net.positions) == set(net.nodes)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in net.positions.values())


def test_the_network_layout_is_the_same_every_time():
    assert network_of(FACTS).positions == network_of(list(FACTS)).positions


def test_a_tie_between_actions_goes_to_the_first_in_actions_order():
    assert dominant(["discuss", "agree"]) == "agree"
    assert dominant(["discuss", "deliver", "discuss"]) == "discuss"


def test_no_facts_make_an_empty_network():
    assert network_of([]).nodes == {}


def page(**kw) -> str:
    return build_report(FACTS, state_names=NAMES, **kw)


def test_the_page_holds_everything_and_loads_nothing():
    html = page()
    assert html.startswith("<!DOCTYPE html>")
    assert "Plotly" in html and len(html) > 1_000_000  # plotly's code is inlined
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=[\"']?(?:https?:)?//", html)
    assert "cdn" not in " ".join(re.findall(r"<script[^>]*>", html)).lower()


def test_the_page_data_cannot_close_its_script_element():
    evil = [fact("agree", ["DE", "UA"], evidence="</script><script>alert(1)</script>")]
    html = build_report(evil)
    data = re.search(r'<script type="application/json" id="defcoop-data">(.*?)</script>', html, re.S)
    assert data is not None
    assert json.loads(data.group(1))["facts"][0]["evidence"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_the_title_is_escaped():
    assert "<h1>Deliveries &amp; &lt;pledges&gt;</h1>" in page(title="Deliveries & <pledges>")


def test_links_go_to_the_url_or_to_the_file_beside_the_report(tmp_path):
    target = tmp_path / "out" / "report.html"
    facts = [fact("agree", ["DE", "UA"], article=str(tmp_path / "news" / "b.txt")),
             fact("agree", ["DE", "UA"], article=str(tmp_path / "in.jsonl:3")), fact("agree", ["DE", "UA"])]
    links = article_links(target, [{"path": "news/a.txt", "url": "https://example.org/a"}], facts)
    assert links["news/a.txt"] == "https://example.org/a"
    assert links[str(tmp_path / "news" / "b.txt")] == "../news/b.txt"
    assert links[str(tmp_path / "in.jsonl:3")] == "../in.jsonl"


def test_a_link_that_is_not_a_web_address_or_a_path_is_dropped():
    html = build_report([fact("agree", ["DE", "UA"], article="javascript:alert(1)")])
    data = json.loads(re.search(r'id="defcoop-data">(.*?)</script>', html, re.S).group(1))
    assert data["facts"][0]["href"] is None


def test_write_report_writes_the_page(tmp_path):
    target = tmp_path / "report.html"
    assert write_report(target, FACTS, state_names=NAMES, generated="2026-12-03") == len(FACTS)
    assert "Made by defcoop" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


# --------------------------------------------------------------------------------------------------
# In a real browser


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture
def browser_page(tmp_path):
    """A page of the system's Chromium, through playwright, that records errors and outside requests."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium found (/usr/bin/chromium): install it with `apt-get install chromium`")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.errors = []
        page.requests = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        try:
            yield page
        finally:
            context.close()


def open_report(page, tmp_path) -> None:
    target = tmp_path / "report.html"
    write_report(target, FACTS, state_names=NAMES)
    page.goto(target.as_uri())
    page.wait_for_function("window.defcoopReport && window.defcoopReport.ready", timeout=30_000)


def test_the_page_loads_offline_without_errors_and_draws_the_network(browser_page, tmp_path):
    page = browser_page
    open_report(page, tmp_path)
    assert page.errors == []
    assert page.requests == []
    assert page.evaluate("[defcoopReport.nodes, defcoopReport.edges, defcoopReport.facts]") == [4, 4, 6]
    network = page.locator("#network")
    assert (network.get_attribute("data-nodes"), network.get_attribute("data-edges")) == ("4", "4")
    assert page.locator("#facts tbody tr").count() == 6
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_clicking_an_edge_lists_its_facts_with_evidence(browser_page, tmp_path):
    page = browser_page
    open_report(page, tmp_path)
    # the same event plotly sends when the line's middle is clicked
    page.evaluate("""document.getElementById('network').emit('plotly_click',
                     {points: [{customdata: 'DE|UA'}]})""")
    items = page.locator("#edge-facts li")
    assert items.count() == 3
    text = page.locator("#edge-panel").inner_text()
    assert "Germany – Ukraine" in text and "Germany delivered IRIS-T to Ukraine." in text
    assert "The three ministers met <b>in</b> Kyiv." in text  # evidence shown as text, not markup
    page.locator("#network-card").screenshot(path=str(tmp_path / "network.png"))
    assert page.errors == []


def test_the_filters_narrow_the_timeline_the_network_and_the_table(browser_page, tmp_path):
    page = browser_page
    open_report(page, tmp_path)
    page.select_option("#f-country", "FR")
    assert page.evaluate("[defcoopReport.nodes, defcoopReport.edges, defcoopReport.facts]") == [3, 3, 2]
    assert page.locator("#facts tbody tr").count() == 2
    page.select_option("#f-system", "CAESAR")
    assert page.evaluate("defcoopReport.facts") == 1
    points = page.evaluate("document.getElementById('timeline').data.reduce((n, t) => n + t.x.length, 0)")
    assert points == 1
    page.click("#f-reset")
    assert page.evaluate("defcoopReport.facts") == 6
    assert page.errors == []


# --------------------------------------------------------------------------------------------------
# The command: `defcoop report`


def page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="defcoop-data">(.*?)</script>', html, re.S)
                      .group(1))


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory):
    """The samples' page made from the articles, and made from the facts `extract` wrote."""
    from typer.testing import CliRunner

    from defcoop.cli.app import app
    from support import SAMPLES

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("report")
    facts_file = folder / "facts.jsonl"
    assert runner.invoke(app, ["extract", str(SAMPLES / "articles"), "-o", str(facts_file)]).exit_code == 0
    facts = [json.loads(line) for line in facts_file.read_text(encoding="utf-8").splitlines()]
    pages = {}
    for name, source, more in (("articles", SAMPLES / "articles", []), ("facts", facts_file, ["--title", "Samples"]),
                               ("ukraine", facts_file, ["--country", "UA"])):
        pages[name] = folder / f"{name}.html"
        result = runner.invoke(app, ["report", str(source), "-o", str(pages[name]), *more])
        assert result.exit_code == 0, result.stderr
        pages[name + ":said"] = result.stderr
    return facts, pages


def test_the_report_command_shows_the_facts_of_articles_or_of_a_facts_file(sample_pages):
    facts, pages = sample_pages
    told = [(f["action"], f["actors"], f["evidence"]) for f in facts]
    for name in ("articles", "facts"):
        data = page_data(pages[name])
        assert [(f["action"], f["actors"], f["evidence"]) for f in data["facts"]] == told
        assert pages[name + ":said"].strip() == f"{len(facts)} facts -> {pages[name]}"
        assert set(data["names"]) == set(network_of(facts).nodes)
    assert page_data(pages["facts"])["title"] == "Samples"
    assert page_data(pages["articles"])["names"]["UA"] == "Ukraine"


def test_the_report_command_filters_as_extract_does(sample_pages):
    facts, pages = sample_pages
    shown = page_data(pages["ukraine"])["facts"]
    assert shown and all("UA" in f["actors"] for f in shown)
    assert len(shown) == sum("UA" in f["actors"] for f in facts)


def test_the_report_of_the_samples_loads_in_a_browser(browser_page, sample_pages):
    facts, pages = sample_pages
    page = browser_page
    page.goto(pages["articles"].as_uri())
    page.wait_for_function("window.defcoopReport && window.defcoopReport.ready", timeout=30_000)
    net = network_of(facts)
    assert page.evaluate("[defcoopReport.nodes, defcoopReport.edges, defcoopReport.facts]") == \
        [len(net.nodes), len(net.edges), len(facts)]
    assert page.errors == [] and page.requests == []


def test_the_report_command_needs_its_page_and_names_a_bad_facts_file(tmp_path):
    from typer.testing import CliRunner

    from defcoop.cli.app import app

    runner = CliRunner()
    assert runner.invoke(app, ["report", "x.txt"]).exit_code == 2  # -o is required
    nowhere = runner.invoke(app, ["report", "x.txt", "-o", str(tmp_path / "no" / "r.html")])
    assert nowhere.exit_code == 2 and nowhere.stderr.strip().endswith("no such folder")
    bad = tmp_path / "facts.jsonl"
    bad.write_text('{"action": "agree", "actors": [], "evidence": "e"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {bad}: line 2 is not JSON (Expecting value)"
