import Foundation
import Matcher

/// `/scenarios/ID`: every problem of the scenario in a table (file, row, column, message), and
/// when there is no error the solve form (variant, time limit, gap).
enum ScenarioPage {
    static func render(_ c: PageContext, stored: StoredScenario, validation: Validation) -> String {
        let w = c.words
        let errors = validation.errors.count
        let warnings = validation.diagnostics.count - errors
        var content: [ReportNode] = [
            ReportPage.el("p", ["class": errors == 0 ? "ok" : "err", "id": "verdict"],
                          [ReportPage.text(w.counts(errors: errors, warnings: warnings) + " — " + (errors == 0 ? w.allGood : w.fixFirst))]),
        ]
        // As `match validate` prints it: members whose lat/lon were both empty stand at their community.
        if let placed = validation.scenario.map({ $0.members.lazy.filter(\.placedAtCommunity).count }), placed > 0 {
            content.append(ReportPage.el("p", ["id": "placed-at-community"], [ReportPage.text(Words(c.language).membersPlacedAtCommunity(placed))]))
        }
        if !validation.diagnostics.isEmpty {
            content.append(ReportPage.table(header: [w.severity, w.file, w.row, w.column, w.message], textRows: validation.diagnostics.map { d in
                [w.error(d.severity), d.file, d.line.map(String.init) ?? "", d.column ?? "", d.message]
            }, numeric: [2], cls: "diagnostics"))
        }
        var sections = [ReportSection(id: "validation", title: w.validation + " · " + stored.id, content: content)]
        var script = ""
        if let sc = validation.scenario {
            sections.append(rules(c, sc))
            script += rulesScript(stored)
        }
        if let sc = validation.scenario {
            let options = (["base"] + sc.variants.map(\.name)).map { ReportPage.el("option", ["value": $0], [ReportPage.text($0)]) }
            let form = ReportPage.el("form", ["class": "app", "id": "solve"], [
                ReportPage.el("p", [:], [ReportPage.text(sc.name)]),
                ReportPage.el("label", [:], [ReportPage.text(w.variant), ReportPage.el("select", ["id": "variant"], options)]),
                ReportPage.el("label", [:], [ReportPage.text(w.timeLimit),
                    ReportPage.el("input", ["type": "number", "id": "time_limit", "min": "1", "step": "any", "value": number(sc.settings.timeLimitSeconds)])]),
                ReportPage.el("label", [:], [ReportPage.text(w.gap),
                    ReportPage.el("input", ["type": "number", "id": "gap", "min": "0", "max": "0.99", "step": "any", "value": number(sc.settings.mipGap)])]),
                ReportPage.el("button", ["type": "submit", "id": "solve-button"], [ReportPage.text(w.solveButton)]),
                ReportPage.el("p", ["id": "solve-status", "class": "err", "role": "status"]),
            ])
            sections.append(ReportSection(id: "solve-section", title: w.solve, content: [form]))
            script += """
            document.getElementById('solve').addEventListener('submit',async ev=>{
              ev.preventDefault();
              const q={variant:document.getElementById('variant').value,time_limit:document.getElementById('time_limit').value,gap:document.getElementById('gap').value,lang:M.lang};
              const r=await fetch(api('/api/scenarios/'+encodeURIComponent(\(PageContext.js(stored.id)))+'/solve',q),{method:'POST'});
              if(r.status===202){const j=await r.json();location.href=page('/jobs/'+j.job);}
              else show('solve-status',await failText(r));
            });
            """
        }
        // Deleting: the folder with its lists and plans (issue 27, item 6), after a confirmation.
        sections.append(ReportSection(id: "delete-section", title: w.deleteScenario, content: [
            ReportPage.el("form", ["class": "app", "id": "delete"], [
                ReportPage.note(w.deleteHelp),
                ReportPage.el("button", ["type": "submit", "id": "delete-button", "class": "danger"], [ReportPage.text(w.deleteScenario)]),
                ReportPage.el("p", ["id": "delete-status", "class": "err", "role": "status"]),
            ]),
        ]))
        script += """
        document.getElementById('delete').addEventListener('submit',async ev=>{
          ev.preventDefault();if(!confirm(\(PageContext.js(w.deleteConfirm(stored.id)))))return;
          const r=await fetch(api('/api/scenarios/'+encodeURIComponent(\(PageContext.js(stored.id)))),{method:'DELETE'});
          if(r.status===204)location.href=page('/');else show('delete-status',await failText(r));
        });
        """
        return c.page(title: w.validation + " · " + stored.id, sections: sections, script: script,
                      switchTo: "/scenarios/" + PageContext.percent(stored.id))
    }

    /// The rules in effect (issue 28, item 6): the period, holidays, circles, sessions and budget,
    /// each editable in place (PATCH /api/scenarios/ID writes them into scenario.yaml).
    static func rules(_ c: PageContext, _ sc: Scenario) -> ReportSection {
        let w = c.words, s = sc.settings
        func field(_ label: String, _ id: String, _ value: String, _ placeholder: String = "") -> ReportNode {
            ReportPage.el("label", [:], [ReportPage.text(label),
                ReportPage.el("input", ["type": "text", "id": id, "value": value, "placeholder": placeholder])])
        }
        let table = ReportPage.table(header: ["", ""], textRows: [
            [w.period, sc.period.start.iso + " – " + sc.period.end.iso],
            [w.holidays, sc.holidays.isEmpty ? w.none : sc.holidays.map(\.iso).joined(separator: "、")],
            [w.circle, number(s.maxDistanceKm)],
            [w.unitCircle, number(s.unitMaxDistanceKm)],
            [w.maxSessions, String(s.maxSessionsPerMember)],
            [w.streetBudget, s.streetBudget.map(number) ?? w.noCap],
        ], numeric: [], cls: "rules")
        let form = ReportPage.el("form", ["class": "app", "id": "rules-form"], [
            field(w.holidays, "rule-holidays", sc.holidays.map(\.iso).joined(separator: ", "), "2027-02-06, 2027-02-07"),
            field(w.circle, "rule-max_distance_km", number(s.maxDistanceKm)),
            field(w.streetBudget, "rule-street_budget", s.streetBudget.map(number) ?? "", w.noCap),
            ReportPage.el("button", ["type": "submit", "id": "rules-button"], [ReportPage.text(w.saveRules)]),
            ReportPage.el("p", ["id": "rules-status", "class": "err", "role": "status"]),
        ])
        return ReportSection(id: "rules-section", title: w.rulesInEffect, content: [ReportPage.note(w.rulesHelp), table, form])
    }

    static func rulesScript(_ stored: StoredScenario) -> String {
        """
        document.getElementById('rules-form').addEventListener('submit',async ev=>{
          ev.preventDefault();
          const v=id=>document.getElementById(id).value.trim();
          const holidays=v('rule-holidays').split(/[,，、；;\\s]+/).filter(x=>x);
          const rules={max_distance_km:Number(v('rule-max_distance_km')),street_budget:v('rule-street_budget')===''?null:Number(v('rule-street_budget'))};
          const r=await fetch(api('/api/scenarios/'+encodeURIComponent(\(PageContext.js(stored.id))),{}),{method:'PATCH',headers:{'Content-Type':'application/json'},body:JSON.stringify({holidays:holidays,rules:rules})});
          if(r.status===200)location.reload();else show('rules-status',await failText(r));
        });

        """
    }

    static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}
