import Foundation
import Matcher

/// `/jobs/ID`: while the solve runs, its live progress (elapsed, plan value, bound, gap) over
/// server-sent events and a cancel button; when done, the plan: its figures, the report, the
/// comparison (a what-if), the dispatch pages, every download, and the what-if form.
enum JobPage {
    static func render(_ c: PageContext, job: Job) -> String {
        let w = c.words
        let s = job.snapshot
        let title = w.solve + " · " + job.scenario.id + " · " + job.request.variant
        var sections: [ReportSection] = []
        var script = ""
        let p = s.progress
        func fig(_ id: String, _ value: String, _ label: String) -> ReportNode {
            ReportPage.el("div", ["class": "fig"], [ReportPage.el("div", ["class": "v", "id": id], [ReportPage.text(value)]),
                                                    ReportPage.el("div", class: "l", label)])
        }
        let progress = ReportPage.el("div", ["class": "figures", "id": "progress"], [
            fig("state", w.state(s.state), w.state),
            fig("phase", p?.phase ?? "–", w.phase),
            fig("elapsed", p.map { String(format: "%.1f", $0.elapsedSeconds) } ?? "–", w.elapsed),
            fig("objective", p?.bestObjective.map { String(format: "%.1f", $0) } ?? "–", w.planValue),
            fig("bound", p?.bestBound.flatMap { $0.isFinite ? String(format: "%.1f", $0) : nil } ?? "–", w.bound),
            fig("gap", p?.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "–", w.gapShort),
        ])
        switch s.state {
        case .queued, .running:
            sections.append(ReportSection(id: "progress-section", title: w.progress, content: [
                progress,
                ReportPage.el("button", ["type": "button", "class": "secondary", "id": "cancel"], [ReportPage.text(w.cancel)]),
                ReportPage.el("p", ["id": "cancel-status", "class": "err", "role": "status"]),
            ]))
            let states = Job.State.allCases.map { "\($0.rawValue):\(PageContext.js(w.state($0)))" }.joined(separator: ",")
            script = """
            const S={\(states)};const f1=x=>x==null?'–':x.toFixed(1);
            const es=new EventSource(api('/api/jobs/\(job.id)/events'));
            es.onmessage=ev=>{const j=JSON.parse(ev.data);show('state',S[j.state]||j.state);const p=j.progress;
              if(p){show('phase',p.phase);show('elapsed',p.elapsed_s.toFixed(1));show('objective',f1(p.objective));show('bound',f1(p.bound));show('gap',p.gap==null?'–':(p.gap*100).toFixed(2)+'%');}
              if(j.state!=='queued'&&j.state!=='running'){es.close();location.reload();}};
            es.addEventListener('end',()=>{es.close();location.reload();});
            document.getElementById('cancel').addEventListener('click',async()=>{
              const r=await fetch(api('/api/jobs/\(job.id)'),{method:'DELETE'});if(r.status!==202)show('cancel-status',await failText(r));});
            """
        case .cancelled:
            sections.append(ReportSection(id: "progress-section", title: w.progress, content: [progress, ReportPage.note(w.cancelled)]))
        case .failed:
            var content: [ReportNode] = [progress, ReportPage.el("p", class: "err", w.failed + (s.message.map { ": " + $0 } ?? ""))]
            if !s.errors.isEmpty {
                content.append(ReportPage.table(header: [w.file, w.row, w.column, w.message], textRows: s.errors.map { d in
                    [d.file, d.line.map(String.init) ?? "", d.column ?? "", d.message]
                }, numeric: [1], cls: "diagnostics"))
            }
            sections.append(ReportSection(id: "progress-section", title: w.failed, content: content))
        case .done:
            let (planSection, whatIfScript) = plan(c, job: job)
            sections += planSection
            script = whatIfScript
        }
        return c.page(title: title, sections: sections, script: script, switchTo: "/jobs/" + job.id)
    }

    private static func plan(_ c: PageContext, job: Job) -> ([ReportSection], String) {
        let w = c.words
        guard let o = job.snapshot.outcome else { return ([], "") }
        let files = job.files()
        func href(_ f: String) -> String { c.link("/api/jobs/\(job.id)/files/" + f.split(separator: "/").map { PageContext.percent(String($0)) }.joined(separator: "/")) }
        var links: [ReportNode] = []
        if files.contains(ReportWriter.fileName) {
            links.append(ReportPage.el("a", ["href": href(ReportWriter.fileName), "id": "report-link"], [ReportPage.text(w.report)]))
        }
        if files.contains(CompareReport.fileName) {
            links.append(ReportPage.el("a", ["href": href(CompareReport.fileName), "id": "compare-link"], [ReportPage.text(w.comparison)]))
        }
        let dispatch = files.filter { $0.hasPrefix("dispatch/") && $0.hasSuffix(".html") }
        if let first = dispatch.first(where: { $0 == "dispatch/index.html" }) ?? dispatch.first {
            links.append(ReportPage.el("a", ["href": href(first), "id": "dispatch-link"], [ReportPage.text(w.dispatch)]))
        }
        var content: [ReportNode] = [
            ReportPage.figures([
                ReportFigure(value: w.planStatus(o.status.rawValue), label: w.status),
                ReportFigure(value: String(format: "%.1f", o.objective), label: w.planValue),
                ReportFigure(value: String(format: "%.1f", o.bestBound), label: w.bound),
                ReportFigure(value: String(format: "%.2f%%", o.gap * 100), label: w.gapShort),
                ReportFigure(value: String(o.projects), label: w.projects),
                ReportFigure(value: String(o.assignments), label: w.assignments),
            ]),
            ReportPage.el("p", ["class": "links"], [ReportPage.joined(links, separator: " · ")]),
        ]
        if let base = job.request.compareWith {
            content.append(ReportPage.el("p", [:], [ReportPage.text(w.comparedWith),
                ReportPage.el("a", ["href": c.link("/jobs/" + base.id)], [ReportPage.text(base.request.variant)])]))
        }
        var sections = [
            ReportSection(id: "plan", title: w.plan + " · " + o.scenarioName + " · " + o.variant, content: content),
            ReportSection(id: "downloads", title: w.downloads, content: [
                ReportPage.el("ul", ["class": "files"], files.map { f in ReportPage.el("li", [:], [ReportPage.el("a", ["href": href(f)], [ReportPage.text(f)])]) }),
            ]),
        ]
        guard job.request.variant == "base" else {
            sections.append(ReportSection(id: "whatif", title: w.whatIf, content: [ReportPage.note(w.whatIfBaseOnly)]))
            return (sections, "")
        }
        let budget = o.streetBudget.map(ScenarioPage.number) ?? ""
        let form = ReportPage.el("form", ["class": "app", "id": "whatif-form"], [
            ReportPage.el("label", [:], [ReportPage.text(w.maxDistance),
                ReportPage.el("input", ["type": "number", "id": "max_distance_km", "min": "0.01", "step": "any", "value": ScenarioPage.number(o.maxDistanceKm)])]),
            ReportPage.el("label", [:], [ReportPage.text(w.streetBudget),
                ReportPage.el("input", ["type": "number", "id": "street_budget", "min": "0", "step": "any", "value": budget])]),
            ReportPage.el("button", ["type": "submit", "id": "whatif-button"], [ReportPage.text(w.whatIfButton)]),
            ReportPage.el("p", ["id": "whatif-status", "class": "err", "role": "status"]),
        ])
        sections.append(ReportSection(id: "whatif", title: w.whatIf, content: [ReportPage.note(w.whatIfHelp), form]))
        let script = """
        document.getElementById('whatif-form').addEventListener('submit',async ev=>{
          ev.preventDefault();const b={};
          for(const k of ['max_distance_km','street_budget']){const v=document.getElementById(k).value;if(v!=='')b[k]=Number(v);}
          const r=await fetch(api('/api/jobs/\(job.id)/whatif'),{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(b)});
          if(r.status===202){const j=await r.json();location.href=page('/jobs/'+j.job);}else show('whatif-status',await failText(r));
        });
        """
        return (sections, script)
    }
}
