import Foundation

/// The report's map: an inline SVG in a simple equirectangular projection (x = longitude ×
/// cos(mid latitude), y = latitude, both in km), no tiles. Members are dots (blue when they
/// serve), units squares, communities labelled diamonds, projects circles (running ones sized
/// by the weight of the needs they cover, the others small and hollow), and each running
/// project has its service circle of radius `max_distance_km` (class `service`). The view
/// holds every point with a margin; service circles reaching further are cut at its edge.
struct ReportMap {
    let report: PlanReport
    typealias R = ReportPage

    static let kmPerDegree = 6371.0 * Double.pi / 180
    static let width = 960.0
    static let maxHeight = 760.0
    static let pad = 14.0

    private func f(_ x: Double) -> String { NumberText.fixed(x, decimals: 1) }
    private func t(_ zh: String, _ en: String) -> String { report.lang.pick(zh: zh, en: en) }
    private func t(_ p: Words.Phrase) -> String { Words(report.lang)(p) }

    func content() -> [ReportNode] {
        let sc = report.scenario
        var lats: [Double] = [], lons: [Double] = []
        for c in sc.communities { lats.append(c.lat); lons.append(c.lon) }
        for u in sc.units { lats.append(u.lat); lons.append(u.lon) }
        for p in sc.projects { lats.append(p.lat); lons.append(p.lon) }
        for m in sc.members { lats.append(m.lat); lons.append(m.lon) }
        guard let minLat = lats.min(), let maxLat = lats.max(), let minLon = lons.min(), let maxLon = lons.max() else {
            return [R.note(t(.nothingToDraw))]
        }
        let kx = ReportMap.kmPerDegree * cos((minLat + maxLat) / 2 * Double.pi / 180)
        let ky = ReportMap.kmPerDegree
        // Points in km from the north-west corner of the points' box.
        func km(_ lat: Double, _ lon: Double) -> (x: Double, y: Double) { ((lon - minLon) * kx, (maxLat - lat) * ky) }
        let spanX = (maxLon - minLon) * kx, spanY = (maxLat - minLat) * ky
        let radius = report.settings.maxDistanceKm
        let limits = report.limits
        let detailedProjects = report.runningOrder.count <= limits.mapProjectDetail
        let memberDots = sc.members.count <= limits.mapMemberDots
        let hasCircles = detailedProjects && !report.runningOrder.isEmpty && radius > 0
        let margin = max(0.15, hasCircles ? min(radius, max(0.5, 0.3 * max(spanX, spanY))) : 0.08 * max(spanX, spanY))
        let wKm = max(spanX, 0.2) + 2 * margin, hKm = max(spanY, 0.2) + 2 * margin
        let pad = ReportMap.pad
        let s = min((ReportMap.width - 2 * pad) / wKm, (ReportMap.maxHeight - 2 * pad) / hKm)
        let width = (wKm * s + 2 * pad).rounded(), height = (hKm * s + 2 * pad).rounded()
        let ox = pad + margin * s + (max(spanX, 0.2) - spanX) / 2 * s
        let oy = pad + margin * s + (max(spanY, 0.2) - spanY) / 2 * s
        func px(_ lat: Double, _ lon: Double) -> (x: String, y: String, rx: Double, ry: Double) {
            let k = km(lat, lon)
            let x = ox + k.x * s, y = oy + k.y * s
            return (f(x), f(y), x, y)
        }

        var layers: [ReportNode] = []
        // Service circles.
        let palette = ["#d9480f", "#1971c2", "#2f9e44", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c", "#5f3dc4", "#66a80f", "#1864ab"]
        if hasCircles {
            for (k, p) in report.runningOrder.enumerated() {
                let project = sc.projects[p]
                let c = px(project.lat, project.lon)
                let colour = palette[k % palette.count]
                layers.append(R.el("circle", ["class": "service", "cx": c.x, "cy": c.y, "r": f(radius * s),
                                              "fill": "none", "stroke": colour,
                                              "stroke-opacity": "0.55", "stroke-width": "1.2", "stroke-dasharray": "5 4"], [
                    R.el("title", [:], [R.text(project.id + " · " + t(.serviceRadius)
                                               + NumberText.plain(radius) + " km")]),
                ]))
            }
        }
        // Members: a dot each, or above the limit a density grid of square cells (opacity by count).
        var engaged = Array(repeating: false, count: sc.members.count)
        for st in report.tables.staffed { engaged[st.m] = true }
        if !memberDots {
            let cell = max(width, height) / 32
            let cols = Int((width / cell).rounded(.up)), rows = Int((height / cell).rounded(.up))
            var count = Array(repeating: 0, count: cols * rows), serving = Array(repeating: 0, count: cols * rows)
            for (m, member) in sc.members.enumerated() {
                let c = px(member.lat, member.lon)
                let i = min(rows - 1, max(0, Int(c.ry / cell))) * cols + min(cols - 1, max(0, Int(c.rx / cell)))
                count[i] += 1
                if engaged[m] { serving[i] += 1 }
            }
            let most = Double(max(1, count.max() ?? 1))
            for i in count.indices where count[i] > 0 {
                let x = Double(i % cols) * cell, y = Double(i / cols) * cell
                let opacity = 0.12 + 0.73 * (Double(count[i]) / most).squareRoot()
                layers.append(R.el("rect", ["class": "member-cell", "x": f(x), "y": f(y), "width": f(cell), "height": f(cell),
                                            "fill": "#5c7cfa", "fill-opacity": NumberText.fixed(opacity, decimals: 2)], [
                    R.el("title", [:], [R.text(t("\(count[i]) 名党员，其中 \(serving[i]) 名参加活动",
                                                 "\(count[i]) members, \(serving[i]) serving"))]),
                ]))
            }
        }
        for (m, member) in sc.members.enumerated() where memberDots {
            let c = px(member.lat, member.lon)
            layers.append(R.el("circle", ["class": engaged[m] ? "member on" : "member", "cx": c.x, "cy": c.y,
                                          "r": engaged[m] ? "3" : "2.5", "fill": engaged[m] ? "#5c7cfa" : "#b8c0cc"], [
                R.el("title", [:], [R.text((member.name.isEmpty ? member.id : member.name) + " · " + member.id)]),
            ]))
        }
        // Communities.
        for (i, community) in sc.communities.enumerated() {
            let c = px(community.lat, community.lon)
            let d = 6.0
            let points = [(c.rx, c.ry - d), (c.rx + d, c.ry), (c.rx, c.ry + d), (c.rx - d, c.ry)].map { f($0.0) + "," + f($0.1) }
            layers.append(R.el("polygon", ["class": "community", "points": points.joined(separator: " "), "fill": "#334",
                                           "fill-opacity": "0.75"], [
                R.el("title", [:], [R.text(report.communityName(i) + " · " + community.id)]),
            ]))
            if sc.communities.count > limits.mapCommunityLabels { continue }
            layers.append(R.el("text", ["x": f(c.rx), "y": f(c.ry - 20), "text-anchor": "middle", "font-size": "15",
                                        "font-weight": "700", "fill": "#334", "stroke": "#fcfcf8", "stroke-width": "4",
                                        "paint-order": "stroke"], [R.text(report.communityName(i))]))
        }
        // Units: a labelled square each, or above the limit one path of small plain squares.
        // Plain marks: one path of dots (round or square caps on zero-length segments).
        func marks(_ points: [(Double, Double)], cls: String, colour: String, size: Double, square: Bool = false) -> ReportNode {
            let d = points.map { "M" + f($0.0) + " " + f($0.1) + "h0" }.joined()
            return R.el("path", ["class": cls, "d": d, "fill": "none", "stroke": colour, "stroke-width": f(size),
                                 "stroke-linecap": square ? "square" : "round"])
        }
        if sc.units.count > limits.mapUnitDetail {
            layers.append(marks(sc.units.map { let c = px($0.lat, $0.lon); return (c.rx, c.ry) },
                                cls: "unit-marks", colour: "#0b6e4f", size: 4, square: true))
        }
        for unit in sc.units where sc.units.count <= limits.mapUnitDetail {
            let c = px(unit.lat, unit.lon)
            layers.append(R.el("rect", ["class": "unit", "x": f(c.rx - 5), "y": f(c.ry - 5), "width": "10", "height": "10",
                                        "fill": "#0b6e4f"], [R.el("title", [:], [R.text(unit.name + " · " + unit.id)])]))
            layers.append(R.el("text", ["x": f(c.rx + 8), "y": f(c.ry + 4), "font-size": "11", "fill": "#0b6e4f",
                                        "stroke": "#fcfcf8", "stroke-width": "3", "paint-order": "stroke"], [R.text(unit.id)]))
        }
        // Projects: idle ones first, then running ones, largest first so small ones stay visible.
        let weight = report.weight
        let heaviest = max(1, weight.max() ?? 1)
        let running = Set(report.runningOrder)
        if !detailedProjects {
            layers.append(marks(sc.projects.indices.filter { !running.contains($0) }.map {
                let c = px(sc.projects[$0].lat, sc.projects[$0].lon); return (c.rx, c.ry)
            }, cls: "proj-marks idle", colour: "#8a94a3", size: 3))
            layers.append(marks(report.runningOrder.map {
                let c = px(sc.projects[$0].lat, sc.projects[$0].lon); return (c.rx, c.ry)
            }, cls: "proj-marks run", colour: "#d9480f", size: 5))
        }
        for (p, project) in sc.projects.enumerated() where detailedProjects && !running.contains(p) {
            let c = px(project.lat, project.lon)
            layers.append(R.el("circle", ["class": "proj idle", "cx": c.x, "cy": c.y, "r": "4", "fill": "#fff",
                                          "stroke": "#8a94a3", "stroke-width": "1.5"], [
                R.el("title", [:], [R.text((project.title.isEmpty ? project.id : project.title) + " · " + project.id
                                           + t(.notRun))]),
            ]))
        }
        // Projects at one spot (often a community's centre) are drawn concentric, largest
        // first, and share one label listing their ids.
        let bySize = !detailedProjects ? [] : report.runningOrder.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : sc.projects[$0].id < sc.projects[$1].id }
        var spots: [String] = [], spotIds: [String: [String]] = [:], spotR: [String: Double] = [:], spotXY: [String: (Double, Double)] = [:]
        for p in bySize {
            let project = sc.projects[p]
            let c = px(project.lat, project.lon)
            let r = 5 + 11 * (Double(weight[p]) / Double(heaviest)).squareRoot()
            layers.append(R.el("circle", ["class": "proj run", "cx": c.x, "cy": c.y, "r": f(r), "fill": "#d9480f",
                                          "fill-opacity": "0.8", "stroke": "#fff", "stroke-width": "1.5"], [
                R.el("title", [:], [R.text((project.title.isEmpty ? project.id : project.title) + " · " + project.id + " · "
                                           + t(.weightCoveredPrefix) + String(weight[p]))]),
            ]))
            let key = c.x + "," + c.y
            if spotIds[key] == nil { spots.append(key); spotXY[key] = (c.rx, c.ry) }
            spotIds[key, default: []].append(project.id)
            spotR[key] = max(spotR[key] ?? 0, r)
        }
        for key in spots {
            let (x, y) = spotXY[key]!
            layers.append(R.el("text", ["class": "proj-label", "x": f(x + spotR[key]! + 3), "y": f(y + 4), "font-size": "12",
                                        "font-weight": "700", "fill": "#a83a0b", "stroke": "#fcfcf8", "stroke-width": "3",
                                        "paint-order": "stroke"], [R.text(spotIds[key]!.sorted().joined(separator: " "))]))
        }
        // Scale bar: a round length near a sixth of the width.
        let target = wKm / 6
        let lengths = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 500, 1000]
        let bar = lengths.last { $0 <= target } ?? lengths[0]
        let x0 = pad + 6, y0 = height - pad - 4
        layers.append(R.el("g", ["class": "scale"], [
            R.el("rect", ["x": f(x0 - 4), "y": f(y0 - 18), "width": f(bar * s + 8), "height": "24", "fill": "#fcfcf8",
                          "fill-opacity": "0.85"]),
            R.el("path", ["d": "M\(f(x0)) \(f(y0 - 6))V\(f(y0))H\(f(x0 + bar * s))V\(f(y0 - 6))", "fill": "none",
                          "stroke": "#222", "stroke-width": "2"]),
            R.el("text", ["x": f(x0 + bar * s / 2), "y": f(y0 - 8), "text-anchor": "middle", "font-size": "12",
                          "fill": "#222"], [R.text(NumberText.plain(bar) + " km")]),
        ]))

        let svg = R.el("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))",
                               "width": String(Int(width)), "height": String(Int(height)), "role": "img",
                               "aria-label": t(.mapOfCommunitiesProjectsUnitsAnd),
                               "font-family": "inherit"], layers)
        var keys: [ReportNode] = [
            R.el("span", class: "lg-project", detailedProjects ? t(.runningProjectSizeWeightCovered)
                                                               : t(.runningProject)),
            R.el("span", class: "lg-idle", t(.projectNotRun)),
        ]
        if detailedProjects {
            keys.append(R.el("span", class: "lg-circle", t("服务圈：半径 \(NumberText.plain(radius)) 公里", "service circle: \(NumberText.plain(radius)) km radius")))
        }
        keys.append(R.el("span", class: "lg-unit", t(.unitMapLegend)))
        if memberDots {
            keys += [R.el("span", class: "lg-member", t(.memberServing)),
                     R.el("span", class: "lg-idle-m", t(.otherMember))]
        } else {
            keys.append(R.el("span", class: "lg-member", t(.membersDarkerMore)))
        }
        keys.append(R.el("span", class: "lg-comm", t(.community)))
        var notes: [ReportNode] = [R.note(detailedProjects
            ? t(.equirectangularProjectionNorthUpServiceCircles)
            : t(.equirectangularProjectionNorthUp))]
        if !memberDots {
            notes.append(R.note(t("共 \(sc.members.count) 名党员，按网格画出密度（每格颜色越深人越多，悬停可见人数），不逐一画点。",
                                  "\(sc.members.count) members, drawn as a density grid (the darker a cell, the more members; hover for its count) rather than one dot each.")))
        }
        if !detailedProjects {
            notes.append(R.note(t("共 \(report.runningOrder.count) 个开展的项目，只画成小点，不画服务圈与编号（服务半径 \(NumberText.plain(radius)) 公里）；各项目见下文与 projects.csv。",
                                  "\(report.runningOrder.count) running projects, drawn as plain small marks without service circles or labels (service radius \(NumberText.plain(radius)) km); the projects section and projects.csv list them.")))
        }
        if sc.units.count > limits.mapUnitDetail || sc.communities.count > limits.mapCommunityLabels {
            notes.append(R.note(t(.tooManyUnitsOrCommunitiesTo)))
        }
        return [R.el("div", ["class": "map"], [svg]), R.el("div", ["class": "legend"], keys)] + notes
    }
}
