import Foundation
import Matcher

/// `/`: upload a zip of a scenario folder, or open a scenario already in the data folder.
enum StartPage {
    static func render(_ c: PageContext, scenarios: [StoredScenario], jobs: [Job]) -> String {
        let w = c.words
        let form = ReportPage.el("form", ["class": "app", "id": "upload"], [
            ReportPage.el("label", [:], [ReportPage.text(w.file),
                ReportPage.el("input", ["type": "file", "id": "file", "name": "file", "accept": ".zip,.xlsx", "required": "required"])]),
            ReportPage.el("label", [:], [ReportPage.text(w.folderName),
                ReportPage.el("input", ["type": "text", "id": "name", "name": "name", "maxlength": "60"])]),
            ReportPage.el("button", ["type": "submit", "id": "upload-button"], [ReportPage.text(w.uploadButton)]),
            ReportPage.el("p", ["id": "upload-status", "class": "err", "role": "status"]),
        ])
        let list: ReportNode = scenarios.isEmpty ? ReportPage.note(w.storedEmpty)
            : ReportPage.table(header: [w.scenario], rows: scenarios.map { s in
                [ReportPage.el("a", ["href": c.link("/scenarios/" + PageContext.percent(s.id)), "class": "scenario-link"], [ReportPage.text(s.id)])]
            })
        let jobRows: ReportNode = jobs.isEmpty ? ReportPage.note(w.noJobs)
            : ReportPage.table(header: [w.scenario, w.variant, w.state, ""], rows: jobs.reversed().map { j in
                [ReportPage.text(j.scenario.id), ReportPage.text(j.request.variant), ReportPage.text(w.state(j.snapshot.state)),
                 ReportPage.el("a", ["href": c.link("/jobs/" + j.id)], [ReportPage.text(w.open)])]
            })
        let script = """
        document.getElementById('upload').addEventListener('submit',async ev=>{
          ev.preventDefault();
          const f=document.getElementById('file').files[0];if(!f)return;
          show('upload-status',\(PageContext.js(w.uploading)));
          const q={};const n=document.getElementById('name').value.trim();if(n)q.name=n;
          const r=await fetch(api('/api/scenarios',q),{method:'POST',body:f,headers:{'Content-Type':f.type||'application/zip'}});
          if(r.status===201){const j=await r.json();location.href=page('/scenarios/'+encodeURIComponent(j.scenario));}
          else show('upload-status',await failText(r));
        });
        """
        return c.page(title: w.appName, sections: [
            ReportSection(id: "upload-section", title: w.upload, content: [ReportPage.note(w.uploadHelp), form]),
            ReportSection(id: "stored", title: w.stored, content: [list]),
            ReportSection(id: "jobs", title: w.recentJobs, content: [jobRows]),
        ], script: script, switchTo: "/")
    }
}
