"""The HTML page of ``cleanwire report``: one self-contained file.

The page holds its style sheet and its script inline and draws its charts as inline
SVG, so it opens from disk with no server and makes no request at all; a
Content-Security-Policy that allows only those two inline blocks (by their hashes)
makes sure of it, and keeps any markup hidden in a document from running.

Documents are untrusted: every piece of their text goes through :func:`text`, which
escapes markup and turns characters that cannot be written to a UTF-8 file (lone
surrogates) or cannot be seen (control and format characters) into visible marks.
Document text never goes into the script; filters read ``data-`` attributes.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import unicodedata
from importlib import resources

import regex

from .collect import _BREAK, Audited, Collector, split_lines

#: Characters shown as a visible mark instead of themselves: C0/C1 controls (bar tab
#: and line feed, handled by the layout), lone surrogates, format characters and the
#: Unicode noncharacters U+FFFE/U+FFFF.
_UNSHOWABLE = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\p{Cf}\ufffe\uffff]")

#: In removed or inserted snippets, whitespace is shown too.
_SPACES = {" ": "\u00b7", "\t": "\u2192", "\n": "\u21b5", "\r": "\u240d"}

#: Colours of the families, by position in the run's sorted list of families.
PALETTE_SIZE = 12


def _codepoint(char: str) -> str:
    point = f"U+{ord(char):04X}"
    try:
        name = unicodedata.name(char)
    except ValueError:
        name = "lone surrogate" if 0xD800 <= ord(char) <= 0xDFFF else "control character"
    return f'<span class="cp" title="{point} {html.escape(name.lower())}">{point}</span>'


def text(value: str) -> str:
    """Document text as HTML: escaped, with unshowable characters as visible marks.

    >>> text('<script>alert("x")</script> & co')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
    >>> text("a\\ud800b")
    'a<span class="cp" title="U+D800 lone surrogate">U+D800</span>b'
    """
    out = []
    last = 0
    for m in _UNSHOWABLE.finditer(value):
        out.append(html.escape(value[last : m.start()]))
        out.append(_codepoint(m.group()))
        last = m.end()
    out.append(html.escape(value[last:]))
    return "".join(out)


def snippet(value: str) -> str:
    """A removed or inserted piece, with whitespace and invisible characters spelled out.

    >>> snippet("\\u00a0 ")
    '<span class="cp" title="U+00A0 no-break space">U+00A0</span><span class="ws">·</span>'
    """
    out = []
    for char in value:
        if char in _SPACES:
            out.append(f'<span class="ws">{_SPACES[char]}</span>')
        elif char.isspace() or _UNSHOWABLE.fullmatch(char):
            out.append(_codepoint(char))
        else:
            out.append(html.escape(char))
    return "".join(out) or '<span class="ws">\u2205</span>'


def attr(value: object) -> str:
    """A value for a double-quoted attribute (markup escaped, surrogates replaced)."""
    return html.escape(_UNSHOWABLE.sub("\ufffd", str(value)), quote=True)


def number(value: int) -> str:
    """
    >>> number(1234567)
    '1,234,567'
    """
    return f"{value:,}"


def percent(value: float | None) -> str:
    """
    >>> percent(0.0123), percent(None)
    ('1.2%', '-')
    """
    return "-" if value is None else f"{100 * value:.1f}%"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class Page:
    """Builds the page from a :class:`Collector` and the summary of the same run."""

    def __init__(self, collector: Collector, data: dict, title: str = "cleanwire report") -> None:
        self.c = collector
        self.data = data
        self.title = title
        families = sorted({r["family"] for r in data["rules"]} | set(collector.figures.families))
        self._family_index = {name: i for i, name in enumerate(families)}

    # -- small pieces ----------------------------------------------------------------

    def fam(self, family: str) -> str:
        return f"fam-{self._family_index.get(family, 0) % PALETTE_SIZE}"

    def tip(self, code: str) -> str:
        return f"{code} {self.c.name(code)}"

    def chip(self, code: str) -> str:
        family = self.c.family(code)
        return f'<span class="chip {self.fam(family)}" title="{attr(family)}">{text(self.tip(code))}</span>'

    def doc_link(self, doc: Audited, line: int | None = None) -> str:
        where = doc.label if line is None else f"{doc.label}:{line}"
        return f'<a href="#{doc.anchor}" class="doc-link">{text(where)}</a>'

    # -- the page --------------------------------------------------------------------

    def render(self) -> str:
        style = _asset("report.css")
        script = _asset("report.js")
        csp = (
            f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
            "base-uri 'none'; form-action 'none'"
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{attr(csp)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{text(self.title)}</title>",
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            '<a class="skip" href="#documents">Skip to the documents</a>',
            self.header(),
            "<main>",
            self.overview(),
            self.rules_section(),
            self.review_section(),
            self.documents_section(),
            "</main>",
            f"<script>{script}</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(parts) + "\n"

    def header(self) -> str:
        d = self.data
        inputs = ", ".join(d.get("inputs", ())) or "-"
        config = ", ".join(d.get("configs") or ()) or "none (default rules)"
        selection = d.get("selection") or ""
        rows = [
            ("Read", inputs),
            ("Configuration", config),
        ]
        if selection:
            rows.append(("Rules", selection))
        meta = "".join(f"<div><dt>{text(k)}</dt><dd>{text(v)}</dd></div>" for k, v in rows)
        return (
            "<header>"
            f"<h1>{text(self.title)}</h1>"
            f'<dl class="meta">{meta}</dl>'
            '<nav aria-label="Sections"><ul>'
            '<li><a href="#overview">Overview</a></li><li><a href="#rules">Rules</a></li>'
            '<li><a href="#review">Review first</a></li><li><a href="#documents">Documents</a></li>'
            "</ul></nav>"
            "</header>"
        )

    def overview(self) -> str:
        d = self.data
        figures = [
            ("documents", "Documents", d["documents"], None),
            ("documents_changed", "Documents changed", d["documents_changed"], d["documents_changed_share"]),
            ("documents_budget_kept", "Left whole by the removal budget", d["documents_budget_kept"], None),
            ("lines", "Non-blank lines", d["lines"], None),
            ("lines_removed", "Lines removed", d["lines_removed"], d["lines_removed_share"]),
            ("characters", "Characters", d["characters"], None),
            ("characters_removed", "Characters removed", d["characters_removed"], d["characters_removed_share"]),
            ("changes", "Changes", d["changes"], None),
            ("skipped", "Skipped", d["skipped"], None),
            ("errors", "Errors", d["errors"], None),
        ]
        items = []
        for key, label, value, part in figures:
            extra = f' <span class="share" data-share="{key}">({percent(part)})</span>' if part is not None else ""
            items.append(
                f'<div class="figure"><dt>{label}</dt>'
                f'<dd><span data-figure="{key}" data-value="{value}">{number(value)}</span>{extra}</dd></div>'
            )
        labels = self.labels_figures()
        sample = d["sample"]
        shown = len(self.c.shown())
        note = (
            f'<p class="note">Every figure counts all {number(d["documents"])} documents. The page shows '
            f"{number(shown)} of them whole: a sample of up to {number(sample['size'])} "
            f"(seed {sample['seed']}) and every document an example or a review entry links to.</p>"
        )
        rule_rows = [(r["code"], self.tip(r["code"]), r["changes"], r["family"]) for r in d["rules"]]
        family_rows = [(f["family"], f["family"], f["changes"], f["family"]) for f in d["families"]]
        return (
            '<section id="overview" aria-labelledby="overview-h">'
            '<h2 id="overview-h">Overview</h2>'
            f'<dl class="figures">{"".join(items)}</dl>'
            f"{labels}{note}"
            '<div class="charts">'
            f'{self.chart("chart-rules", "Changes per rule", rule_rows)}'
            f'{self.chart("chart-families", "Changes per family", family_rows)}'
            "</div>"
            "</section>"
        )

    def labels_figures(self) -> str:
        labels = self.data.get("labels")
        if labels is None:
            return ""
        rows = [
            ("labels.recall", "Boilerplate recall", percent(labels["recall"])),
            ("labels.precision", "Precision", percent(labels["precision"])),
            ("labels.content_loss", "Content loss", percent(labels["content_loss"])),
            ("labels.missed_boilerplate", "Missed boilerplate", number(labels["missed_boilerplate"])),
            ("labels.wrongly_removed", "Wrongly removed content", number(labels["wrongly_removed"])),
        ]
        items = "".join(
            f'<div class="figure"><dt>{label}</dt><dd><span data-figure="{key}">{value}</span></dd></div>'
            for key, label, value in rows
        )
        return f'<h3>Against the labels</h3><dl class="figures labels">{items}</dl>'

    def chart(self, ident: str, title: str, rows: list[tuple[str, str, int, str]]) -> str:
        """A horizontal bar chart as inline SVG; ``rows`` are (label, tooltip, value, family)."""
        if not rows:
            return f'<figure class="chart"><figcaption>{text(title)}</figcaption><p>Nothing was changed.</p></figure>'
        width, label_w, value_w, bar_h, gap = 560, 170, 70, 16, 6
        area = width - label_w - value_w
        top = max(r[2] for r in rows) or 1
        height = len(rows) * (bar_h + gap) + gap
        desc = "; ".join(f"{r[1]}: {r[2]}" for r in rows)
        out = [
            f'<figure class="chart"><figcaption>{text(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" id="{ident}" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
            f'<title id="{ident}-t">{text(title)}</title><desc id="{ident}-d">{text(desc)}</desc>',
        ]
        for i, (label, tip, value, family) in enumerate(rows):
            y = gap + i * (bar_h + gap)
            w = max(1.0, area * value / top)
            out.append(
                f'<g class="bar {self.fam(family)}" data-label="{attr(label)}" data-value="{value}">'
                f"<title>{text(tip)}: {value}</title>"
                f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end">{text(label)}</text>'
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2"></rect>'
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" class="value">{number(value)}</text>'
                "</g>"
            )
        out.append("</svg></figure>")
        return "".join(out)

    def rules_section(self) -> str:
        rows = []
        for r in self.data["rules"]:
            examples = "".join(
                f'<li>{self.doc_link(e.doc, e.line)} <q class="removed-text">{text(e.text)}</q></li>'
                for e in self.c.examples(r["code"])
            )
            rows.append(
                f'<tr data-rule="{attr(r["code"])}">'
                f'<th scope="row"><button type="button" class="rule-filter {self.fam(r["family"])}" data-rule="{attr(r["code"])}" '
                f'aria-label="Show only documents changed by {attr(self.tip(r["code"]))}">{text(r["code"])}</button></th>'
                f'<td>{text(r["name"])}</td><td><span class="swatch {self.fam(r["family"])}" aria-hidden="true"></span>{text(r["family"])}</td>'
                f'<td class="num" data-col="changes">{number(r["changes"])}</td>'
                f'<td class="num" data-col="lines_removed">{number(r["lines_removed"])}</td>'
                f'<td class="num" data-col="documents">{number(r["documents"])}</td>'
                f'<td>{"<ul class=examples>" + examples + "</ul>" if examples else ""}</td>'
                "</tr>"
            )
        body = "".join(rows) or '<tr><td colspan="7">No rule changed anything.</td></tr>'
        return (
            '<section id="rules" aria-labelledby="rules-h">'
            '<h2 id="rules-h">Rules</h2>'
            "<p>What each rule did over the whole corpus, with a sample of the lines it removed. "
            "A code button shows only the documents it changed.</p>"
            '<div class="scroll"><table class="rules">'
            "<thead><tr><th scope=col>Rule</th><th scope=col>Name</th><th scope=col>Family</th>"
            "<th scope=col>Changes</th><th scope=col>Lines removed</th><th scope=col>Documents</th>"
            "<th scope=col>Examples of removed lines</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
            "</section>"
        )

    def review_section(self) -> str:
        items = []
        for r in self.c.review():
            reasons = ", ".join(r.reasons)
            items.append(
                f'<li class="review-item" data-rule="{attr(r.code)}">{self.doc_link(r.doc, r.line)} {self.chip(r.code)} '
                f'<span class="reasons">{text(reasons)}</span> <q class="removed-text">{text(r.text)}</q></li>'
            )
        budget = "".join(
            f'<li class="budget-item">{self.doc_link(r.doc)} <span class="reasons">{text(r.text)}</span></li>'
            for r in self.c.budget()
        )
        review = f'<ol class="review">{"".join(items)}</ol>' if items else "<p>No removal stands out.</p>"
        kept = (
            f'<h3>Left whole by the removal budget</h3><ul class="budget">{budget}</ul>'
            if budget
            else ""
        )
        return (
            '<section id="review" aria-labelledby="review-h">'
            '<h2 id="review-h">Review first</h2>'
            "<p>The removals most worth a human look: long lines, lines with a reporting verb or a "
            "quotation, lines removed between kept lines of the story, and documents the removal "
            "budget left whole because rules matched most of them.</p>"
            f"{review}{kept}"
            "</section>"
        )

    def documents_section(self) -> str:
        docs = self.c.shown()
        rule_buttons = "".join(
            f'<button type="button" class="filter {self.fam(r["family"])}" data-rule="{attr(r["code"])}" aria-pressed="false" '
            f'title="{attr(self.tip(r["code"]))}">{text(r["code"])}</button>'
            for r in self.data["rules"]
        )
        family_buttons = "".join(
            f'<button type="button" class="filter {self.fam(f["family"])}" data-family="{attr(f["family"])}" '
            f'aria-pressed="false">{text(f["family"])}</button>'
            for f in self.data["families"]
        )
        articles = "".join(self.document(doc) for doc in docs)
        misses_button = (
            '<button type="button" class="toggle" id="only-misses" aria-pressed="false">'
            "Only what the labels say is wrong</button>"
            if "labels" in self.data
            else ""
        )
        return (
            '<section id="documents" aria-labelledby="documents-h">'
            '<h2 id="documents-h">Documents</h2>'
            '<div class="filters" role="search">'
            '<label for="search">Search the text</label> '
            '<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="words in any line">'
            f'<div role="group" aria-label="Filter by rule" class="filter-group"><span class="group-label">Rule</span>{rule_buttons}</div>'
            f'<div role="group" aria-label="Filter by family" class="filter-group"><span class="group-label">Family</span>{family_buttons}</div>'
            f"{misses_button}"
            '<button type="button" id="show-all">Show all</button>'
            f'<p id="shown" aria-live="polite">{len(docs)} of {len(docs)} documents shown</p>'
            "</div>"
            '<p class="legend">Struck lines were removed; <del class="demo">old</del><ins class="demo">new</ins> '
            "marks an edit inside a line. Hover over or focus a mark (Tab) to see the rule.</p>"
            f'<div id="doc-list">{articles}</div>'
            "</section>"
        )

    # -- one document ------------------------------------------------------------------

    def document(self, doc: Audited) -> str:
        lines = split_lines(doc.text)
        by_line: dict[int, list] = {}
        for change in doc.changes:
            by_line.setdefault(change.line, []).append(change)
        marks = self._label_marks(doc, lines)
        items = []
        for n, line in enumerate(lines, 1):
            items.append(self.line(n, line, doc.removed.get(n), by_line.get(n, ()), marks.get(n, ())))
        # A final empty line (after the last line break) says nothing unless something happened there.
        if len(items) > 1 and lines[-1] == "" and len(lines) not in by_line and len(lines) not in marks:
            items.pop()
        codes = sorted({c.code for c in doc.changes})
        families = sorted({self.c.family(code) for code in codes})
        chips = "".join(self.chip(code) for code in codes)
        removed = len([n for n in doc.removed if 0 < n <= len(lines) and lines[n - 1].strip()])
        facts = [f"{len(doc.changes)} change{'s' if len(doc.changes) != 1 else ''}", f"{removed} line{'s' if removed != 1 else ''} removed"]
        flags = "".join(f'<p class="flag" role="note">{text(flag)}</p>' for flag in doc.flags)
        errors = "".join(
            f'<p class="flag" role="note">{text(what)}: {text(detail)}</p>' for line, what, detail in doc.misses if line is None
        )
        return (
            f'<article class="doc" id="{doc.anchor}" aria-labelledby="{doc.anchor}-h" '
            f'data-rules="{attr(" ".join(codes))}" data-families="{attr(" ".join(families))}" '
            f'data-misses="{len(doc.misses)}">'
            f'<h3 id="{doc.anchor}-h">{text(doc.label)}</h3>'
            f'<p class="doc-meta">{", ".join(facts)} {chips}</p>{flags}{errors}'
            f'<ol class="text">{"".join(items)}</ol>'
            "</article>"
        )

    def line(self, n: int, line: str, removal, changes, marks) -> str:
        classes = ["line"]
        inline = [c for c in changes if c is not removal]
        if removal is not None:
            family = self.c.family(removal.code)
            classes += ["removed", self.fam(family)]
            tip = self.tip(removal.code)
            body = (
                f'<del class="mark" tabindex="0" data-code="{attr(removal.code)}" data-tip="{attr(tip)}" '
                f'aria-label="{attr("removed by " + tip)}">{text(line) or "&#8203;"}</del>'
            )
            chips = "".join(self.edit(c) for c in inline)
        else:
            body, rest = self.inline_edits(line, inline)
            chips = "".join(self.edit(c) for c in rest)
            if not line.strip() and not chips:
                classes.append("blank")
        notes = []
        for what, detail in marks:
            if what in ("MISSED", "SPAN"):
                classes.append("missed")
                label = "missed boilerplate" if what == "MISSED" else "boilerplate kept inside the line"
            else:
                classes.append("lost")
                label = "wrongly removed content" if what == "LOST" else "wrongly removed lookalike"
            tip = f"{label} ({detail})"
            notes.append(
                f'<span class="label-note" tabindex="0" data-tip="{attr(tip)}" aria-label="{attr(tip)}">{text(label)}</span>'
            )
        return f'<li class="{" ".join(dict.fromkeys(classes))}" value="{n}" data-line="{n}">{body}{chips}{"".join(notes)}</li>'

    def edit(self, change) -> str:
        """An edit shown beside its line (it could not be placed inside it)."""
        tip = self.tip(change.code)
        family = self.c.family(change.code)
        new = f"<ins>{snippet(change.replacement)}</ins>" if change.replacement else ""
        return (
            f'<span class="edit note {self.fam(family)}" tabindex="0" data-code="{attr(change.code)}" data-tip="{attr(tip)}" '
            f'aria-label="{attr(tip)}"><del>{snippet(change.removed)}</del>{new}</span>'
        )

    def inline_edits(self, line: str, changes) -> tuple[str, list]:
        """The line with each edit placed where its removed text is; the rest come back."""
        placed: list[tuple[int, int, object]] = []
        rest = []
        cursor = 0
        for change in changes:
            needle = change.removed
            at = -1
            if needle and not needle.strip():  # whitespace: prefer the edges of the line
                if line.startswith(needle) and cursor == 0:
                    at = 0
                elif line.endswith(needle) and len(line) - len(needle) >= cursor:
                    at = len(line) - len(needle)
            if needle and at < 0:
                at = line.find(needle, cursor)
            if at < 0 or any(at < end and start < at + len(needle) for start, end, _ in placed):
                rest.append(change)
                continue
            placed.append((at, at + len(needle), change))
            if not (needle and not needle.strip()):
                cursor = at + len(needle)
        placed.sort(key=lambda p: p[0])
        out = []
        last = 0
        for start, end, change in placed:
            out.append(text(line[last:start]))
            tip = self.tip(change.code)
            new = f"<ins>{snippet(change.replacement)}</ins>" if change.replacement else ""
            out.append(
                f'<span class="edit {self.fam(self.c.family(change.code))}" tabindex="0" data-code="{attr(change.code)}" '
                f'data-tip="{attr(tip)}" aria-label="{attr(tip)}"><del>{snippet(line[start:end])}</del>{new}</span>'
            )
            last = end
        out.append(text(line[last:]))
        return "".join(out), rest

    def _label_marks(self, doc: Audited, lines: list[str]) -> dict[int, list]:
        """Label misses by the page's line numbers (labels number ``raw.split("\\n")`` from 0)."""
        if not doc.misses:
            return {}
        starts = []
        offset = 0
        for piece in doc.text.split("\n"):
            starts.append(offset)
            offset += len(piece) + 1
        page_starts = [0] + [m.end() for m in _BREAK.finditer(doc.text)]
        marks: dict[int, list] = {}
        for line, what, detail in doc.misses:
            if line is None or not 0 <= line < len(starts):
                continue
            n = bisect.bisect_right(page_starts, starts[line])
            marks.setdefault(n, []).append((what, detail))
        return marks


def render(collector: Collector, data: dict, title: str = "cleanwire report") -> str:
    """The report page as a string."""
    return Page(collector, data, title).render()
