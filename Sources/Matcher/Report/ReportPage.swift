import Plot

/// A node of a report's body. Every report component returns one.
public typealias ReportNode = Node<HTML.BodyContext>

/// The page shell, style sheet and components shared by the plan report (`report.html`,
/// `ReportWriter`) and any other report page (a comparison page can build its sections from
/// the same parts and wrap them with `document`).
///
/// Escaping: every string that may come from the input files goes through `escape` exactly
/// once: `text` for content and `el`'s attribute values. (Plot's own `.text` leaves
/// `&name;` sequences as entities and does not escape attribute values, so the report does
/// not rely on it for input data.) Constant markup (tag names, class names) is written by
/// the code. Output is deterministic: no clock, no random ids, no dictionary order.
public enum ReportPage {
    // MARK: escaping

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escaped text.
    public static func text(_ s: String) -> ReportNode { .raw(escape(s)) }

    /// An element with (escaped) attributes and children.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [ReportNode] = []) -> ReportNode {
        var nodes: [ReportNode] = attributes.map { .attribute(named: $0.key, value: escape($0.value), ignoreIfValueIsEmpty: false) }
        nodes += children
        return .element(named: name, nodes: nodes)
    }

    /// An element with a class and text content.
    public static func el(_ name: String, class cls: String, _ content: String) -> ReportNode {
        el(name, ["class": cls], [text(content)])
    }

    // MARK: page shell

    /// The whole page: doctype, `<html lang>`, head with charset, viewport, title and the
    /// inline style sheet (plus `extraCSS`), then a header (title, subtitle lines), a table of
    /// contents linking to each section's id, the sections and a footer. Returns the HTML text.
    public static func document(language: ReportLanguage, title: String, subtitle: [String], sections: [ReportSection],
                                footer: String, extraCSS: String = "") -> String {
        let contents = el("nav", ["class": "toc", "aria-label": language.pick(zh: "目录", en: "Contents")], [
            el("ol", [:], sections.map { s in el("li", [:], [el("a", ["href": "#" + s.id], [text(s.title)])]) }),
        ])
        let header = el("header", ["class": "page-head"], [
            el("h1", [:], [text(title)]),
        ] + subtitle.map { el("p", class: "sub", $0) })
        let body: [ReportNode] = [header, contents]
            + sections.map { s in
                el("section", ["id": s.id, "class": "sec " + s.id], [el("h2", [:], [text(s.title)])] + s.content)
            }
            + [el("footer", ["class": "page-foot"], [el("p", [:], [text(footer)])])]
        let html = HTML(
            .lang(language == .zh ? .chinese : .english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.raw(escape(title))]),
                .style(css + extraCSS)
            ),
            .body(.element(named: "main", nodes: body))
        )
        return html.render() + "\n"
    }

    // MARK: components

    /// Headline figures: a grid of boxes, each a big value and a label (and an optional note).
    public static func figures(_ items: [ReportFigure]) -> ReportNode {
        el("div", ["class": "figures"], items.map { f in
            el("div", ["class": "fig" + (f.tone.isEmpty ? "" : " " + f.tone)], [
                el("div", class: "v", f.value),
                el("div", class: "l", f.label),
            ] + (f.note.map { [el("div", class: "n", $0)] } ?? []))
        })
    }

    /// A horizontal bar chart in HTML and CSS: one row per bar with its label, a bar whose
    /// length is `value / max` and the bar's text at the right. Prints in colour.
    public static func bars(_ items: [ReportBar], caption: String? = nil) -> ReportNode {
        var rows: [ReportNode] = []
        if let caption { rows.append(el("div", class: "bars-cap", caption)) }
        for b in items {
            let share = b.max > 0 ? min(1, max(0, b.value / b.max)) : 0
            rows.append(el("div", ["class": "bar-row"], [
                el("div", class: "bar-l", b.label),
                el("div", ["class": "bar-track", "title": b.text], [
                    el("div", ["class": "bar-fill " + b.tone, "style": "width:" + NumberText.fixed(share * 100, decimals: 1) + "%"]),
                ]),
                el("div", class: "bar-t", b.text),
            ]))
        }
        return el("div", ["class": "bars"], rows)
    }

    /// A table in a horizontally scrolling wrapper; `numeric` columns are right-aligned. With
    /// `scroll` (a long table) the wrapper also scrolls down, under a header that stays put,
    /// once taller than a screenful; printed, it is whole.
    public static func table(header: [String], rows: [[ReportNode]], numeric: Set<Int> = [], cls: String = "",
                             scroll: Bool = false) -> ReportNode {
        let head = el("thead", [:], [el("tr", [:], header.enumerated().map { i, h in
            el("th", numeric.contains(i) ? ["class": "num"] : [:], [text(h)])
        })])
        let body = el("tbody", [:], rows.map { r in
            el("tr", [:], r.enumerated().map { i, cell in el("td", numeric.contains(i) ? ["class": "num"] : [:], [cell]) })
        })
        return el("div", ["class": scroll ? "table-wrap scroll" : "table-wrap"], [el("table", cls.isEmpty ? [:] : ["class": cls], [head, body])])
    }

    /// A table of plain strings.
    public static func table(header: [String], textRows: [[String]], numeric: Set<Int> = [], cls: String = "",
                             scroll: Bool = false) -> ReportNode {
        table(header: header, rows: textRows.map { $0.map(text) }, numeric: numeric, cls: cls, scroll: scroll)
    }

    /// A small inline label: `tone` is one of `ok`, `warn`, `bad` or empty.
    public static func badge(_ s: String, tone: String = "") -> ReportNode {
        el("span", class: "badge" + (tone.isEmpty ? "" : " " + tone), s)
    }

    /// A paragraph of muted explanatory text.
    public static func note(_ s: String) -> ReportNode { el("p", class: "note", s) }

    /// Nodes joined by a separator text.
    public static func joined(_ nodes: [ReportNode], separator: String) -> ReportNode {
        var out: [ReportNode] = []
        for (i, n) in nodes.enumerated() {
            if i > 0 { out.append(text(separator)) }
            out.append(n)
        }
        return .group(out)
    }

    /// The style sheet: system fonts (with the usual Chinese fallbacks), a single column up
    /// to 1040 px, tables that scroll sideways on a phone, and print rules for A4.
    public static let css = """
    :root{--ink:#1d2430;--muted:#5b6676;--line:#d9dee5;--bg:#f6f7f9;--card:#fff;--accent:#1f6feb;--accent2:#0e8a6a;--warn:#b26b00;--bad:#c0392b;--am:#e8a317;--pm:#1f6feb;--eve:#7b4fc9}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
    main{max-width:1040px;margin:0 auto;padding:16px}
    h1{font-size:1.6em;margin:.2em 0 .3em;line-height:1.25}
    h2{font-size:1.25em;margin:0 0 .6em;padding-bottom:.3em;border-bottom:2px solid var(--line)}
    h3{font-size:1.05em;margin:0 0 .4em}
    .sub{color:var(--muted);margin:.1em 0}
    .sec{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:16px 0}
    .toc ol{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:8px 0}
    .toc a{color:var(--accent);text-decoration:none}
    .quality{font-size:1.1em;font-weight:600;margin:.2em 0 .8em;padding:8px 12px;border-left:4px solid var(--accent2);background:#eef8f4}
    .quality.warn{border-color:var(--warn);background:#fff6e8}
    .quality.bad{border-color:var(--bad);background:#fdeeee}
    .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
    .fig{border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fbfcfd}
    .fig .v{font-size:1.45em;font-weight:700;line-height:1.2}
    .fig .l{color:var(--muted);font-size:.88em}
    .fig .n{color:var(--muted);font-size:.8em}
    .fig.warn .v{color:var(--warn)}
    .bars{display:grid;gap:6px}
    .bars-cap{font-weight:600;margin-top:6px}
    .bar-row{display:grid;grid-template-columns:minmax(90px,11em) 1fr minmax(80px,10em);gap:8px;align-items:center}
    .bar-l{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
    .bar-track{height:16px;background:#e7ebf0;border-radius:3px;overflow:hidden}
    .bar-fill{height:100%;background:var(--accent);-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .bar-fill.alt{background:var(--accent2)}
    .bar-t{font-variant-numeric:tabular-nums;font-size:.9em;color:var(--muted)}
    .community{margin-bottom:12px}
    .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.88em;color:var(--muted);margin:6px 0}
    .legend span::before{content:"";display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:50%;background:currentColor}
    .legend .lg-project{color:#d9480f}.legend .lg-idle{color:#8a94a3}.legend .lg-unit{color:#0b6e4f}.legend .lg-member{color:#5c7cfa}.legend .lg-idle-m{color:#b8c0cc}.legend .lg-circle{color:#f3b08a}.legend .lg-comm{color:#334}
    .legend .lg-unit::before{border-radius:0}
    .map svg{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:6px;background:#fcfcf8}
    .cal-month{margin-bottom:14px}
    .cal-grid{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:2px}
    .cal-wd{font-size:.8em;color:var(--muted);text-align:center}
    .cal-day{min-height:54px;border:1px solid var(--line);border-radius:3px;padding:2px;font-size:.78em;background:#fff}
    .cal-day.out{background:transparent;border-color:transparent}
    .cal-day.idle .d{color:#9aa3af}
    .cal-day .d{font-weight:600}
    .cal-day .dl{display:none}
    .chip{display:block;border-radius:3px;padding:0 3px;margin-top:2px;color:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .chip.am{background:var(--am);color:#222}.chip.pm{background:var(--pm)}.chip.eve{background:var(--eve)}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
    .card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;break-inside:avoid;background:#fff}
    .card .meta{color:var(--muted);font-size:.9em;margin:.1em 0 .5em}
    .card dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0 0 .5em;font-size:.92em}
    .card dt{color:var(--muted)}.card dd{margin:0}
    .card ul{margin:.2em 0 .6em;padding-left:1.2em;font-size:.92em}
    .session{border-top:1px dashed var(--line);padding-top:4px;margin-top:4px;font-size:.9em}
    .session .when{font-weight:600}
    .skill{display:inline-block;font-size:.8em;border:1px solid var(--line);border-radius:3px;padding:0 3px;margin-left:3px;color:var(--muted)}
    .skill.req{border-color:var(--accent2);color:var(--accent2);font-weight:600}
    .table-wrap{overflow-x:auto}
    .table-wrap.scroll{max-height:34em;overflow-y:auto;border:1px solid var(--line);border-radius:4px}
    .table-wrap.scroll th{position:sticky;top:0}
    table{border-collapse:collapse;width:100%;font-size:.9em}
    th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
    th{background:#f0f2f5;font-weight:600}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .badge{display:inline-block;font-size:.8em;border-radius:3px;padding:0 5px;background:#e7ebf0;color:var(--ink)}
    .badge.ok{background:#dff3ea;color:#0b6e4f}.badge.warn{background:#fff0d6;color:#8a5200}.badge.bad{background:#fbe0dd;color:#9b2a1f}
    .note{color:var(--muted);font-size:.88em}
    .page-foot{color:var(--muted);font-size:.85em;text-align:center}
    @media (max-width:640px){
      main{padding:8px}
      .sec{padding:10px;border-radius:0;margin:10px -8px}
      .bar-row{grid-template-columns:1fr 1fr;gap:2px 8px}
      .bar-l{grid-column:1 / -1;white-space:normal}
      .cal-grid{display:block}
      .cal-wd,.cal-day.out,.cal-day.idle{display:none}
      .cal-day{min-height:0;margin-bottom:2px;font-size:.9em}
      .cal-day .d{display:none}.cal-day .dl{display:inline}
      .cards{grid-template-columns:1fr}
    }
    @page{size:A4;margin:14mm 12mm}
    @media print{
      body{background:#fff;font-size:10.5pt}
      main{max-width:none;padding:0}
      .toc{display:none}
      .sec{border:none;padding:0;margin:0 0 8mm}
      h2{break-after:avoid}
      .map,.cal-month,.card,.community,tr{break-inside:avoid}
      .table-wrap,.table-wrap.scroll{overflow:visible;max-height:none;border:none}
    }

    """
}

/// A section of a report page: its anchor id (also a CSS class), heading and content.
public struct ReportSection {
    public var id: String
    public var title: String
    public var content: [ReportNode]
    public init(id: String, title: String, content: [ReportNode]) { self.id = id; self.title = title; self.content = content }
}

/// One headline figure: `tone` is empty or `warn`.
public struct ReportFigure: Hashable, Sendable {
    public var value: String
    public var label: String
    public var note: String?
    public var tone: String
    public init(value: String, label: String, note: String? = nil, tone: String = "") {
        self.value = value; self.label = label; self.note = note; self.tone = tone
    }
}

/// One bar: `value` of `max`, with the text shown beside it; `tone` empty or `alt`.
public struct ReportBar: Hashable, Sendable {
    public var label: String
    public var value: Double
    public var max: Double
    public var text: String
    public var tone: String
    public init(label: String, value: Double, max: Double, text: String, tone: String = "") {
        self.label = label; self.value = value; self.max = max; self.text = text; self.tone = tone
    }
}
