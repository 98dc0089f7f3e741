import Foundation
import Matcher

/// `/`: upload a zip of a scenario folder, or open a scenario already in the data folder.
enum StartPage {
    static func render(_ c: PageContext, scenarios: [StoredScenario], jobs: [Job]) -> String {
        let w = c.words
        let form = ReportPage.el("form", ["class": "app", "id": "upload"], [
            ReportPage.el("label", [:], [ReportPage.text(w.file),
                ReportPage.el("input", ["type": "file", "id": "file", "name": "file", "accept": ".zip,.xlsx,.yaml,.yml,.csv,.txt", "multiple": "multiple", "required": "required"])]),
            ReportPage.el("label", [:], [ReportPage.text(w.folderName),
                ReportPage.el("input", ["type": "text", "id": "name", "name": "name", "maxlength": "60"])]),
            ReportPage.el("label", [:], [ReportPage.text(w.workbookQuarter),
                ReportPage.el("input", ["type": "text", "id": "quarter", "name": "quarter", "maxlength": "6", "placeholder": "2027Q1"])]),
            // A workbook alone gets match init's rules: the planner sets the ones that matter here (issue 28, item 6).
            ReportPage.el("label", [:], [ReportPage.text(w.workbookHolidays),
                ReportPage.el("input", ["type": "text", "id": "holidays", "name": "holidays", "placeholder": "2027-02-06, 2027-02-07"])]),
            ReportPage.el("label", [:], [ReportPage.text(w.workbookBudget),
                ReportPage.el("input", ["type": "text", "id": "street_budget", "name": "street_budget", "inputmode": "decimal"])]),
            ReportPage.el("label", [:], [ReportPage.text(w.workbookCircle),
                ReportPage.el("input", ["type": "text", "id": "max_distance_km", "name": "max_distance_km", "inputmode": "decimal"])]),
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
        let script = zipWriter + """
        document.getElementById('upload').addEventListener('submit',async ev=>{
          ev.preventDefault();
          const files=[...document.getElementById('file').files];if(!files.length)return;
          show('upload-status',\(PageContext.js(w.uploading)));
          const q={};const n=document.getElementById('name').value.trim();if(n)q.name=n;
          for(const k of ['quarter','holidays','street_budget','max_distance_km']){const x=document.getElementById(k).value.trim();if(x)q[k]=x;}if(M.lang==='en')q.lang='en';
          const one=files.length===1&&/\\.(zip|xlsx)$/i.test(files[0].name);
          const body=one?files[0]:await zipFiles(files);
          const r=await fetch(api('/api/scenarios',q),{method:'POST',body:body,headers:{'Content-Type':one&&files[0].type?files[0].type:'application/zip'}});
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

    /// Several files chosen at once (scenario.yaml and its lists) are packed in the browser into
    /// one zip (stored, UTF-8 names, flat), so the server has a single, checked upload path.
    static let zipWriter = """
    function crc32(b){let t=crc32.t,c;if(!t){t=crc32.t=new Uint32Array(256);for(let n=0;n<256;n++){c=n;for(let k=0;k<8;k++)c=c&1?0xEDB88320^(c>>>1):c>>>1;t[n]=c>>>0;}}
      c=0xFFFFFFFF;for(let i=0;i<b.length;i++)c=t[(c^b[i])&255]^(c>>>8);return (c^0xFFFFFFFF)>>>0;}
    async function zipFiles(files){const enc=new TextEncoder(),parts=[],central=[];let off=0;
      for(const f of files){const data=new Uint8Array(await f.arrayBuffer()),name=enc.encode(f.name),crc=crc32(data);
        const h=new DataView(new ArrayBuffer(30));h.setUint32(0,0x04034b50,true);h.setUint16(4,20,true);h.setUint16(6,0x0800,true);
        h.setUint16(12,0x21,true);h.setUint32(14,crc,true);h.setUint32(18,data.length,true);h.setUint32(22,data.length,true);h.setUint16(26,name.length,true);
        parts.push(new Uint8Array(h.buffer),name,data);
        const c=new DataView(new ArrayBuffer(46));c.setUint32(0,0x02014b50,true);c.setUint16(4,20,true);c.setUint16(6,20,true);c.setUint16(8,0x0800,true);
        c.setUint16(14,0x21,true);c.setUint32(16,crc,true);c.setUint32(20,data.length,true);c.setUint32(24,data.length,true);c.setUint16(28,name.length,true);c.setUint32(42,off,true);
        central.push(new Uint8Array(c.buffer),name);off+=30+name.length+data.length;}
      let size=0;for(const x of central)size+=x.length;
      const e=new DataView(new ArrayBuffer(22));e.setUint32(0,0x06054b50,true);e.setUint16(8,files.length,true);e.setUint16(10,files.length,true);e.setUint32(12,size,true);e.setUint32(16,off,true);
      return new Blob([...parts,...central,new Uint8Array(e.buffer)],{type:'application/zip'});}

    """
}
