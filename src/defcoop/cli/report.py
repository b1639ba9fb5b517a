"""One self-contained HTML page of facts: a timeline, a who-with-whom network and the table of facts.

People look at a page sooner than they read a table. The page opens offline: plotly's JavaScript, the
data and the styles are inlined, nothing is fetched. Python lays the network out once (networkx, so
states keep their place whatever the filters); the page's script draws the three views from the facts
and redraws them when the country, system or action filter changes:

- the timeline puts each dated fact on its day, one row and one colour per action; a fact dated to a
  month or a year sits mid-period as an open circle, and undated facts are in the table only;
- the network has a node per state, sized by its number of facts, and an edge per pair of actors that
  share a fact, as thick as their number of facts and coloured by their most frequent action (ties go
  to the first in ACTIONS order); clicking an edge lists its facts with their evidence;
- the table lists the facts with their evidence and a link to each article.

The page exposes what it drew for tests and scripts: `window.defcoopReport` (`nodes`, `edges`,
`facts`, `ready`) and the same counts as `data-nodes`, `data-edges`, `data-facts` on #network.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defcoop.extractors.model import ACTIONS

from .exports import ExportError, atomic_path

# One colour per action (Okabe-Ito, which readers with colour-blindness tell apart, and two more).
COLOURS: dict[str, str] = {
    "agree": "#0072B2", "pledge": "#E69F00", "deliver": "#009E73", "request": "#CC79A7",
    "produce": "#56B4E9", "fund": "#D55E00", "discuss": "#7F7F7F", "propose": "#9467BD",
}
_SAFE_LINK = re.compile(r"(?:https?://|[^:]*$)", re.I)  # web addresses and paths, never javascript:


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    facts: tuple[int, ...]  # indexes into the facts
    action: str  # the most frequent action among them


@dataclass(frozen=True, slots=True)
class Network:
    nodes: dict[str, int]  # state -> number of facts it is an actor of
    edges: list[Edge]
    positions: dict[str, tuple[float, float]]


def dominant(actions: Iterable[str]) -> str:
    """The most frequent action; a tie goes to the first in ACTIONS order."""
    counts = Counter(actions)
    order = {a: i for i, a in enumerate(ACTIONS)}
    return min(counts, key=lambda a: (-counts[a], order.get(a, len(order)), a))


def network_of(facts: Sequence[Mapping[str, Any]]) -> Network:
    """States and the pairs of states that share facts, laid out so that close partners stand close."""
    import networkx as nx

    nodes: Counter[str] = Counter()
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, fact in enumerate(facts):
        actors = list(dict.fromkeys(fact.get("actors") or ()))
        nodes.update(actors)
        for x, a in enumerate(actors):
            for b in actors[x + 1:]:
                pairs.setdefault((min(a, b), max(a, b)), []).append(i)
    edges = [Edge(a, b, tuple(ids), dominant(facts[i]["action"] for i in ids)) for (a, b), ids in sorted(pairs.items())]
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((e.a, e.b) for e in edges)
    if not nodes:
        return Network({}, [], {})
    # every pair pulls alike, so the states with most partners do not draw the others into a knot
    layout = nx.spring_layout(graph, seed=13, k=2.2 / len(nodes) ** 0.5, iterations=300)
    names = list(layout)
    xy = _spread(_fisheye(_unit_square([layout[n] for n in names])), gap=LABEL_GAP)
    positions = {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in zip(names, xy, strict=True)}
    return Network(dict(nodes), edges, positions)


LABEL_GAP = 0.09  # the least distance between two states, as a share of the drawing, so labels stay apart


def _unit_square(points: Sequence[Any]) -> Any:
    """Positions scaled to fill 0..1 on both axes."""
    import numpy as np

    xy = np.array(points, dtype=float).reshape(-1, 2)
    low, span = xy.min(axis=0), np.ptp(xy, axis=0)
    return (xy - low) / np.where(span > 0, span, 1) if len(xy) > 1 else np.full_like(xy, 0.5)


def _fisheye(xy: Any, power: float = 0.6) -> Any:
    """Widen the crowded middle, where the states with most partners sit, and bring far ones closer."""
    import numpy as np

    centred = xy - np.median(xy, axis=0)
    radius = np.hypot(centred[:, 0], centred[:, 1])
    scale = np.where(radius > 0, radius ** power / np.where(radius > 0, radius, 1), 1.0)
    return _unit_square(centred * scale[:, None])


def _spread(xy: Any, gap: float, rounds: int = 120) -> Any:
    """Push apart states closer than `gap` (measured with across distances shrunk, since labels are wide),
    then rescale."""
    import numpy as np

    weight = np.array([1.8, 1.0])  # labels are wide: across, states need more room than up and down
    xy = xy + np.outer(np.arange(len(xy)), [1e-5, -1e-5])  # no two states on one spot: they need a direction
    for _ in range(rounds):
        d = (xy[:, None, :] - xy[None, :, :]) / weight
        dist = np.hypot(d[..., 0], d[..., 1])
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        near = np.where(close, dist, 1.0)
        push = np.where(close, (gap - near) / (2 * near), 0.0)[..., None] * d * weight
        xy = xy + push.sum(axis=1)
    return _unit_square(xy)


def _page_fact(i: int, fact: Mapping[str, Any], links: Mapping[str, str]) -> dict[str, Any]:
    """What the page needs of a fact; the article link only when it is a web address or a path."""
    article = fact.get("article") or ""
    href = links.get(article, article)
    return {
        "i": i, "date": fact.get("date"), "action": fact.get("action"), "actors": list(fact.get("actors") or ()),
        "systems": list(fact.get("systems") or ()), "officials": list(fact.get("officials") or ()),
        "evidence": fact.get("evidence") or "", "article": article,
        "href": href if href and _SAFE_LINK.match(href) else None,
        "quantity": fact.get("quantity"), "value": fact.get("value"), "currency": fact.get("currency"),
    }


def report_data(facts: Sequence[Mapping[str, Any]], *, title: str = "defcoop report",
                state_names: Mapping[str, str] | None = None, links: Mapping[str, str] | None = None,
                generated: str | None = None) -> dict[str, Any]:
    """Everything the page draws, as one JSON-ready mapping."""
    network = network_of(facts)
    names = dict(state_names or {})
    return {
        "title": title, "generated": generated, "actions": list(ACTIONS), "colours": COLOURS,
        "names": {code: names.get(code, code) for code in network.nodes},
        "positions": network.positions,
        "facts": [_page_fact(i, f, links or {}) for i, f in enumerate(facts)],
        "articles": len({f.get("article") for f in facts}),
    }


def _json_for_html(data: Any) -> str:
    """JSON that cannot end its <script> element early: every '<' is escaped."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def build_report(facts: Iterable[Mapping[str, Any]], *, title: str = "defcoop report",
                 state_names: Mapping[str, str] | None = None, links: Mapping[str, str] | None = None,
                 generated: str | None = None) -> str:
    """The whole page as a string: plotly's JavaScript, the data, the styles and the script inlined."""
    try:
        from plotly.offline import get_plotlyjs
    except ImportError:
        raise ExportError("the report needs plotly and networkx: pip install defcoop[report]") from None
    facts = list(facts)
    data = report_data(facts, title=title, state_names=state_names, links=links, generated=generated)
    parts = {"title": _escape(title), "plotly": get_plotlyjs(), "data": _json_for_html(data), "style": _STYLE,
             "script": _SCRIPT}
    # one pass over the template: what is put in (plotly's code, the evidence) is never searched again
    return re.sub(r"\{(title|plotly|data|style|script)\}", lambda m: parts[m.group(1)], _PAGE)


def article_links(target: Path, articles: Iterable[Mapping[str, Any]] = (),
                  facts: Iterable[Mapping[str, Any]] = ()) -> dict[str, str]:
    """Where each article's link points: its url when known, else its file relative to the report."""
    links: dict[str, str] = {}
    base = target.resolve().parent
    for fact in facts:
        path = fact.get("article") or ""
        if path and path != "-" and path not in links:
            local = Path(re.sub(r":\d+$", "", path))  # 'news.jsonl:7' is line 7 of a file
            links[path] = Path(os.path.relpath(local.resolve(), base)).as_posix()
    for article in articles:
        path = article.get("path", article.get("article"))
        if path and article.get("url"):
            links[path] = article["url"]
    return links


def write_report(target: str | Path, facts: Iterable[Mapping[str, Any]], *,
                 articles: Iterable[Mapping[str, Any]] = (), title: str = "defcoop report",
                 state_names: Mapping[str, str] | None = None, generated: str | None = None) -> int:
    """Write the page to `target` (atomically); returns the number of facts shown."""
    target = Path(target)
    facts = list(facts)
    html = build_report(facts, title=title, state_names=state_names, links=article_links(target, articles, facts),
                        generated=generated)
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return len(facts)


# --------------------------------------------------------------------------------------------------
# The page: markup, styles and script (plain data for the template above)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
<script>{plotly}</script>
</head>
<body>
<header>
  <h1>{title}</h1>
  <p id="summary"></p>
</header>
<nav id="filters" aria-label="Filters">
  <label>Country <select id="f-country"><option value="">all</option></select></label>
  <label>System <select id="f-system"><option value="">all</option></select></label>
  <label>Action <select id="f-action"><option value="">all</option></select></label>
  <button id="f-reset" type="button">Show all</button>
  <span id="shown"></span>
</nav>
<main>
  <section class="card" id="timeline-card">
    <h2>Timeline</h2>
    <div id="legend" class="legend"></div>
    <div id="timeline" class="plot"></div>
    <p class="note" id="undated"></p>
  </section>
  <section class="card" id="network-card">
    <h2>Who works with whom</h2>
    <p class="note">A circle per state, sized by its number of facts; a line per pair of states sharing facts,
    as thick as their number and coloured by their most frequent action. Click a line to list its facts.</p>
    <div class="network-row">
      <div id="network" class="plot"></div>
      <aside id="edge-panel"><p class="note">Click a line between two states.</p></aside>
    </div>
  </section>
  <section class="card">
    <h2>Facts</h2>
    <div class="table-wrap"><table id="facts">
      <thead><tr><th>Date</th><th>Action</th><th>Actors</th><th>Systems</th><th>Officials</th><th>Amount</th>
      <th>Evidence</th><th>Article</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <p class="note" id="table-note"></p>
  </section>
</main>
<footer id="footer"></footer>
<script type="application/json" id="defcoop-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; --card: #ffffff; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); }
header { padding: 22px 32px 6px; }
h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
h2 { margin: 0 0 8px; font-size: 18px; font-weight: 620; }
#summary { margin: 0; color: var(--muted); }
nav { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 14px; align-items: center;
      padding: 10px 32px; background: rgba(245, 247, 250, 0.95); border-bottom: 1px solid var(--line); }
nav label { font-size: 13px; color: var(--muted); }
nav select { margin-left: 6px; padding: 4px 8px; font: inherit; color: var(--ink); border: 1px solid #cbd2d9;
             border-radius: 6px; background: #fff; max-width: 220px; }
nav button { padding: 5px 12px; font: inherit; font-size: 13px; border: 1px solid #cbd2d9; border-radius: 6px;
             background: #fff; cursor: pointer; }
#shown { font-size: 13px; color: var(--muted); }
main { padding: 16px 32px 32px; display: grid; gap: 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px;
        box-shadow: 0 1px 2px rgba(31, 41, 51, 0.05); }
.plot { width: 100%; }
#timeline { height: 400px; }
section { scroll-margin-top: 64px; }
.network-row { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 16px; }
#network { height: 560px; }
#edge-panel { border-left: 1px solid var(--line); padding-left: 16px; max-height: 560px; overflow-y: auto; }
#edge-panel h3 { margin: 4px 0 8px; font-size: 16px; }
#edge-panel ol { margin: 0; padding-left: 20px; }
#edge-panel li { margin-bottom: 10px; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; margin-bottom: 2px; }
.legend span::before, .badge::before { content: ""; display: inline-block; width: 10px; height: 10px;
        border-radius: 50%; margin-right: 5px; background: var(--c); vertical-align: -1px; }
.badge { white-space: nowrap; font-weight: 560; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line);
     padding: 6px 8px; position: sticky; top: 0; background: #fff; }
td { border-bottom: 1px solid var(--line); padding: 7px 8px; vertical-align: top; }
td.evidence { min-width: 340px; max-width: 640px; }
td.nowrap { white-space: nowrap; }
tbody tr:hover { background: #f8fafc; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { color: var(--muted); font-size: 12.5px; }
footer { padding: 0 32px 24px; color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .network-row { grid-template-columns: 1fr; }
  #edge-panel { border-left: 0; padding-left: 0; } header, nav, main { padding-left: 14px; padding-right: 14px; } }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("defcoop-data").textContent);
  const FACTS = DATA.facts, COLOURS = DATA.colours, NAMES = DATA.names, ORDER = DATA.actions;
  const CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  const filters = {country: "", system: "", action: ""};
  const report = window.defcoopReport = {ready: false, nodes: 0, edges: 0, facts: 0, showEdge: showEdge};
  let edgesNow = new Map();

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function name(code) { return NAMES[code] || code; }
  // the giver comes first for these actions (README, "What a fact looks like"): an arrow to the recipient
  const DIRECTED = ["pledge", "deliver", "fund"];
  function actors(f) { return f.actors.join(DIRECTED.includes(f.action) ? " → " : " · "); }
  // plotly reads hover text as HTML: what comes from the articles is escaped
  function esc(text) { return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function actionBadge(action) {
    const badge = el("span", {class: "badge", style: "--c:" + (COLOURS[action] || "#999")}, action);
    return badge;
  }
  function amount(f) {
    const parts = [];
    if (f.quantity !== null && f.quantity !== undefined) parts.push(f.quantity + " units");
    if (f.value !== null && f.value !== undefined) {
      parts.push(Number(f.value).toLocaleString("en-US", {maximumFractionDigits: 2}) + " " + (f.currency || ""));
    }
    return parts.join(", ");
  }
  // A fact dated to a month or a year sits mid-period; the hover says how precise it is.
  function plotDay(date) {
    if (!date) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return {day: date, exact: true};
    if (/^\d{4}-\d{2}$/.test(date)) return {day: date + "-15", exact: false};
    if (/^\d{4}$/.test(date)) return {day: date + "-07-01", exact: false};
    return null;
  }
  function shortText(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  // The first view leaves out a thin tail of old background facts (1989 ...); the slider reaches them.
  function focus(facts) {
    const days = facts.map(f => plotDay(f.date)).filter(Boolean).map(d => Date.parse(d.day)).sort((p, q) => p - q);
    if (days.length < 20) return undefined;
    const from = days[Math.floor(days.length * 0.05)], year = 365 * 86400000;
    if (from - days[0] < 2 * year) return undefined;
    const iso = t => new Date(t).toISOString().slice(0, 10);
    return [iso(from - year / 4), iso(days[days.length - 1] + year / 8)];
  }

  function fillFilters() {
    const countries = new Set(), systems = new Set(), actions = new Set();
    for (const f of FACTS) { f.actors.forEach(a => countries.add(a)); f.systems.forEach(s => systems.add(s));
                             actions.add(f.action); }
    const add = (id, values, label) => {
      const select = document.getElementById(id);
      for (const v of values) select.appendChild(el("option", {value: v}, label(v)));
    };
    add("f-country", [...countries].sort((a, b) => name(a).localeCompare(name(b))), c => name(c) + " (" + c + ")");
    add("f-system", [...systems].sort((a, b) => a.localeCompare(b)), s => s);
    add("f-action", ORDER.filter(a => actions.has(a)), a => a);
    for (const key of ["country", "system", "action"]) {
      document.getElementById("f-" + key).addEventListener("change", ev => {
        filters[key] = ev.target.value;
        update();
      });
    }
    document.getElementById("f-reset").addEventListener("click", () => {
      for (const key of Object.keys(filters)) { filters[key] = ""; document.getElementById("f-" + key).value = ""; }
      update();
    });
  }
  function kept() {
    return FACTS.filter(f => (!filters.country || f.actors.includes(filters.country))
      && (!filters.system || f.systems.includes(filters.system))
      && (!filters.action || f.action === filters.action));
  }

  function drawTimeline(facts) {
    const traces = [];
    for (const action of ORDER) {
      const mine = facts.filter(f => f.action === action && plotDay(f.date));
      if (!mine.length) continue;
      const days = mine.map(f => plotDay(f.date));
      const row = ORDER.length - 1 - ORDER.indexOf(action);
      traces.push({  // a small fixed offset per fact keeps facts of one day apart
        type: "scatter", mode: "markers", name: action, x: days.map(d => d.day),
        y: mine.map(f => row + ((f.i * 0.618034) % 1 - 0.5) * 0.5),
        marker: {size: 11, color: COLOURS[action], opacity: 0.85,
                 symbol: days.map(d => d.exact ? "circle" : "circle-open"), line: {width: 1.5, color: COLOURS[action]}},
        customdata: mine.map(f => f.i),
        text: mine.map(f => "<b>" + esc(f.date) + "</b> " + action + ": " + esc(f.actors.map(name).join(
            DIRECTED.includes(f.action) ? " → " : ", "))
          + (f.systems.length ? "<br>" + esc(f.systems.join(", ")) : "") + "<br>" + esc(shortText(f.evidence, 110))),
        hovertemplate: "%{text}<extra></extra>"
      });
    }
    const layout = {
      margin: {l: 80, r: 20, t: 10, b: 10}, showlegend: false, hovermode: "closest",
      xaxis: {type: "date", gridcolor: "#eef1f4", zeroline: false, range: focus(facts),
              rangeslider: {visible: true, thickness: 0.1, bgcolor: "#f5f7fa"}},
      yaxis: {tickvals: ORDER.map((a, k) => ORDER.length - 1 - k), ticktext: ORDER, range: [-0.6, ORDER.length - 0.4],
              gridcolor: "#eef1f4", zeroline: false, fixedrange: true, automargin: true},
      plot_bgcolor: "#fff", paper_bgcolor: "#fff", font: {size: 12, color: "#1f2933"}
    };
    Plotly.react("timeline", traces, layout, CONFIG);
    const undated = facts.filter(f => !plotDay(f.date)).length;
    document.getElementById("undated").textContent = "Open circles: dated to a month or a year."
      + (undated ? " " + undated + " fact(s) without a date are in the table only." : "");
  }

  // The network of the facts shown: the same rules as network_of in report.py.
  function networkOf(facts) {
    const nodes = new Map(), edges = new Map();
    for (const f of facts) {
      const actors = [...new Set(f.actors)];
      actors.forEach(a => nodes.set(a, (nodes.get(a) || 0) + 1));
      for (let x = 0; x < actors.length; x++) {
        for (let y = x + 1; y < actors.length; y++) {
          const [a, b] = [actors[x], actors[y]].sort();
          const key = a + "|" + b;
          if (!edges.has(key)) edges.set(key, {a: a, b: b, facts: []});
          edges.get(key).facts.push(f);
        }
      }
    }
    for (const edge of edges.values()) {
      const counts = new Map();
      edge.facts.forEach(f => counts.set(f.action, (counts.get(f.action) || 0) + 1));
      edge.action = [...counts.keys()].sort((p, q) => (counts.get(q) - counts.get(p))
        || (ORDER.indexOf(p) - ORDER.indexOf(q)))[0];
    }
    return {nodes: nodes, edges: edges};
  }
  function drawNetwork(facts) {
    const net = networkOf(facts), pos = DATA.positions, traces = [];
    const widest = Math.max(1, ...[...net.edges.values()].map(e => e.facts.length));
    const mid = {x: [], y: [], text: [], customdata: [], color: []};
    for (const [key, e] of net.edges) {
      const [ax, ay] = pos[e.a], [bx, by] = pos[e.b];
      traces.push({type: "scatter", mode: "lines", x: [ax, bx], y: [ay, by], hoverinfo: "skip", showlegend: false,
                   line: {width: 1.5 + 8.5 * Math.sqrt(e.facts.length / widest), color: COLOURS[e.action] || "#999"},
                   opacity: 0.75});
      mid.x.push((ax + bx) / 2); mid.y.push((ay + by) / 2); mid.customdata.push(key);
      mid.color.push(COLOURS[e.action] || "#999");
      mid.text.push(esc(name(e.a) + " – " + name(e.b)) + ": " + e.facts.length + " fact(s), mostly " + e.action);
    }
    traces.push({type: "scatter", mode: "markers", x: mid.x, y: mid.y, customdata: mid.customdata, text: mid.text,
                 hovertemplate: "%{text}<br>click to list them<extra></extra>", showlegend: false,
                 marker: {size: 14, color: mid.color, opacity: 0.01}});
    const codes = [...net.nodes.keys()];
    const most = Math.max(1, ...net.nodes.values());
    traces.push({type: "scatter", mode: "markers+text", x: codes.map(c => pos[c][0]), y: codes.map(c => pos[c][1]),
                 text: codes.map(c => esc(name(c))), textposition: "top center", textfont: {size: 12, color: "#1f2933"},
                 customdata: codes.map(c => net.nodes.get(c)), showlegend: false,
                 hovertemplate: "%{text}: %{customdata} fact(s)<extra></extra>",
                 marker: {size: codes.map(c => 12 + 30 * Math.sqrt(net.nodes.get(c) / most)), color: "#334e68",
                          line: {width: 2, color: "#fff"}}});
    const axis = {visible: false, showgrid: false, zeroline: false, range: [-0.07, 1.07]};
    Plotly.react("network", traces, {margin: {l: 10, r: 10, t: 24, b: 10}, xaxis: axis, yaxis: axis,
                                     hovermode: "closest", plot_bgcolor: "#fff", paper_bgcolor: "#fff"}, CONFIG);
    edgesNow = net.edges;
    const div = document.getElementById("network");
    div.dataset.nodes = net.nodes.size; div.dataset.edges = net.edges.size; div.dataset.facts = facts.length;
    report.nodes = net.nodes.size; report.edges = net.edges.size; report.facts = facts.length;
  }
  function showEdge(key) {
    const edge = edgesNow.get(key), panel = document.getElementById("edge-panel");
    panel.replaceChildren();
    if (!edge) { panel.appendChild(el("p", {class: "note"}, "Click a line between two states.")); return 0; }
    panel.appendChild(el("h3", {}, name(edge.a) + " – " + name(edge.b)));
    panel.appendChild(el("p", {class: "note"}, edge.facts.length + " fact(s), mostly " + edge.action));
    const list = el("ol", {id: "edge-facts"});
    for (const f of edge.facts) {
      const item = el("li");
      const head = el("div", {class: "meta"});
      head.appendChild(actionBadge(f.action));
      const systems = f.systems.length ? " · " + f.systems.join(", ") : "";
      head.appendChild(document.createTextNode(" " + (f.date || "undated") + systems));
      item.appendChild(head);
      item.appendChild(el("div", {class: "evidence"}, f.evidence));
      item.appendChild(articleLink(f));
      list.appendChild(item);
    }
    panel.appendChild(list);
    return edge.facts.length;
  }
  function articleLink(f) {
    const label = f.article.split("/").pop();
    if (!f.href) return el("span", {class: "meta"}, label);
    return el("a", {href: f.href, class: "meta", target: "_blank", rel: "noopener"}, label);
  }

  const LIMIT = 1000;
  function drawTable(facts) {
    const body = document.querySelector("#facts tbody");
    body.replaceChildren();
    const sorted = facts.slice().sort((p, q) => (q.date || "").localeCompare(p.date || ""));
    for (const f of sorted.slice(0, LIMIT)) {
      const row = el("tr", {"data-fact": f.i});
      row.appendChild(el("td", {class: "nowrap"}, f.date || "—"));
      const action = el("td"); action.appendChild(actionBadge(f.action)); row.appendChild(action);
      row.appendChild(el("td", {class: "nowrap", title: f.actors.map(name).join(", ")}, actors(f)));
      row.appendChild(el("td", {}, f.systems.join(", ")));
      row.appendChild(el("td", {}, f.officials.join(", ")));
      row.appendChild(el("td", {class: "nowrap"}, amount(f)));
      row.appendChild(el("td", {class: "evidence"}, f.evidence));
      const link = el("td"); link.appendChild(articleLink(f)); row.appendChild(link);
      body.appendChild(row);
    }
    document.getElementById("table-note").textContent = facts.length > LIMIT
      ? "The first " + LIMIT + " of " + facts.length + " facts, newest first: narrow the filters to see the others."
      : "Newest first.";
  }

  function update() {
    const facts = kept();
    drawTimeline(facts); drawNetwork(facts); drawTable(facts); showEdge(null);
    document.getElementById("shown").textContent = "showing " + facts.length + " of " + FACTS.length + " facts";
  }
  function summary() {
    const days = FACTS.map(f => f.date).filter(Boolean).sort();
    const states = new Set(FACTS.flatMap(f => f.actors));
    let text = FACTS.length + " facts from " + DATA.articles + " article(s), " + states.size + " states";
    if (days.length) text += ", dated " + days[0] + " to " + days[days.length - 1];
    document.getElementById("summary").textContent = text + ".";
    const legend = document.getElementById("legend");
    for (const action of ORDER) legend.appendChild(el("span", {style: "--c:" + COLOURS[action]}, action));
    document.getElementById("footer").textContent = "Made by defcoop" + (DATA.generated ? " on " + DATA.generated : "")
      + ". Everything on this page is in this one file; it needs no network.";
  }

  summary(); fillFilters(); update();
  document.getElementById("network").on("plotly_click", ev => {
    const point = ev && ev.points && ev.points[0];
    if (point && typeof point.customdata === "string") showEdge(point.customdata);
  });
  report.ready = true;
})();
"""
