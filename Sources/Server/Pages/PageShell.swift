import Foundation
import Matcher
import Plot

/// What every page needs from its request: the language (`?lang=en`; Chinese by default) and
/// the access token to pass on in links and API calls. Every page is self-contained (inline
/// style and script, no network fetch but its own API), every user string escaped by
/// `ReportPage.escape`.
struct PageContext: Sendable {
    var language: ReportLanguage
    var token: String?
    var words: PageWords { PageWords(language) }

    /// `path` with this page's lang and token, plus `extra` query items (values escaped).
    func link(_ path: String, _ extra: [(String, String)] = []) -> String {
        var items = extra
        if language == .en { items.append(("lang", "en")) }
        if let token { items.append(("token", token)) }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { $0.0 + "=" + Self.percent($0.1) }.joined(separator: "&")
    }

    static func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    /// A page in the report's style: the app's title, a language switch, the sections, then
    /// the script (given the API's base settings as `M`).
    func page(title: String, sections: [ReportSection], script: String = "", switchTo path: String) -> String {
        let w = words
        let other = PageContext(language: language == .zh ? .en : .zh, token: token)
        let nav = ReportPage.el("p", ["class": "appnav"], [
            ReportPage.el("a", ["href": link("/")], [ReportPage.text(w.home)]),
            ReportPage.text(" · "),
            ReportPage.el("a", ["href": other.link(path), "id": "lang-switch"], [ReportPage.text(w.otherLanguage)]),
        ])
        var all = sections
        if !all.isEmpty { all[0].content.insert(nav, at: 0) }
        let config = "const M={lang:\(Self.js(language.rawValue)),token:\(token.map(Self.js) ?? "null")};"
        let scriptNode: ReportNode = .raw("<script>" + config + Self.helpers + script + "</script>")
        if !all.isEmpty { all[all.count - 1].content.append(scriptNode) }
        return ReportPage.document(language: language, title: title, subtitle: [w.appName + " — " + w.appSubtitle],
                                   sections: all, footer: w.footer, extraCSS: Self.css)
    }

    /// A string as a JavaScript literal that is also safe inside `<script>`.
    static func js(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// `api(path, query)`: the API URL with the token; `show(id, text)`: sets an element's text.
    static let helpers = """
    function api(p,q){q=q||{};if(M.token)q.token=M.token;const s=new URLSearchParams(q).toString();return p+(s?'?'+s:'');}
    function page(p,q){q=q||{};if(M.lang==='en')q.lang='en';return api(p,q);}
    function show(id,t){const e=document.getElementById(id);if(e)e.textContent=t;}
    async function failText(r){try{const j=await r.json();return j.error||r.statusText;}catch(e){return r.statusText;}}

    """

    static let css = """
    .appnav{margin:0 0 .8em;color:var(--muted)}
    form.app{display:grid;gap:.6em;max-width:520px}
    form.app label{display:grid;gap:.2em;font-weight:600}
    form.app input,form.app select{font:inherit;padding:.35em .5em;border:1px solid var(--line);border-radius:6px;background:#fff}
    button{font:inherit;padding:.45em 1.1em;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;justify-self:start}
    button.secondary{background:#fff;color:var(--bad);border-color:var(--bad)}
    .err{color:var(--bad);font-weight:600}
    .ok{color:var(--accent2);font-weight:600}
    ul.files{columns:2;padding-left:1.2em}
    """
}
