import Foundation

/// A uniform grid over (lat, lon) points for radius queries: which points lie within
/// `radiusKm` (haversine, inclusive) of a place. Built once per scenario in O(n); a query
/// visits only the cells that can hold a hit. Points are stored cell by cell in flat arrays.
public struct SpatialIndex: Sendable {
    private let cellKm: Double
    private let latStep: Double
    private let minLat: Double
    private let minLon: Double
    private let lonStep: Double
    private let rows: Int
    private let cols: Int
    /// cellStart[c] ..< cellStart[c+1] are the points of cell c in `order`.
    private let cellStart: [Int32]
    private let order: [Int32]
    private let lats: [Double]
    private let lons: [Double]

    /// `cellKm`: grid cell edge; pick about the query radius.
    public init(lats: [Double], lons: [Double], cellKm: Double = 2.0) {
        precondition(lats.count == lons.count)
        self.lats = lats
        self.lons = lons
        self.cellKm = max(cellKm, 0.05)
        let kmPerDegLat = 6371.0 * Double.pi / 180
        latStep = self.cellKm / kmPerDegLat
        minLat = lats.min() ?? 0
        minLon = lons.min() ?? 0
        let maxLat = lats.max() ?? 0
        let maxLon = lons.max() ?? 0
        // Longitude cells sized at the widest latitude so a cell is never narrower than cellKm.
        let maxAbsLat = min(89.0, max(abs(minLat), abs(maxLat)))
        lonStep = latStep / max(cos(maxAbsLat * Double.pi / 180), 0.01)
        rows = min(Int((maxLat - minLat) / latStep) + 1, 1 << 12)
        cols = min(Int((maxLon - minLon) / lonStep) + 1, 1 << 12)
        var counts = [Int32](repeating: 0, count: rows * cols + 1)
        var cellOf = [Int32](repeating: 0, count: lats.count)
        for i in 0..<lats.count {
            let r = min(rows - 1, max(0, Int((lats[i] - minLat) / latStep)))
            let c = min(cols - 1, max(0, Int((lons[i] - minLon) / lonStep)))
            let cell = Int32(r * cols + c)
            cellOf[i] = cell
            counts[Int(cell) + 1] += 1
        }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var fill = counts
        var order = [Int32](repeating: 0, count: lats.count)
        for i in 0..<lats.count {
            let c = Int(cellOf[i])
            order[Int(fill[c])] = Int32(i)
            fill[c] += 1
        }
        cellStart = counts
        self.order = order
    }

    public var count: Int { lats.count }

    /// Calls `body(index, distanceKm)` for every point within `radiusKm` of (lat, lon),
    /// in ascending index order.
    public func forEach(near lat: Double, _ lon: Double, within radiusKm: Double, _ body: (Int, Double) -> Void) {
        var hits: [(Int, Double)] = []
        collect(near: lat, lon, within: radiusKm) { hits.append(($0, $1)) }
        hits.sort { $0.0 < $1.0 }
        for h in hits { body(h.0, h.1) }
    }

    /// The points within `radiusKm` of (lat, lon) with their distances, ascending by index.
    public func query(near lat: Double, _ lon: Double, within radiusKm: Double) -> [(index: Int, km: Double)] {
        var hits: [(index: Int, km: Double)] = []
        collect(near: lat, lon, within: radiusKm) { hits.append((index: $0, km: $1)) }
        hits.sort { $0.index < $1.index }
        return hits
    }

    private func collect(near lat: Double, _ lon: Double, within radiusKm: Double, _ body: (Int, Double) -> Void) {
        guard !lats.isEmpty, radiusKm >= 0, radiusKm.isFinite else { return }
        // Pad by one cell: the grid is exact only up to the rounding of cell edges.
        let dLat = radiusKm / (6371.0 * Double.pi / 180)
        let coslat = max(cos(min(89.0, abs(lat) + dLat) * Double.pi / 180), 0.01)
        let dLon = dLat / coslat
        let r0 = max(0, Int(((lat - dLat) - minLat) / latStep) - 1)
        let r1 = min(rows - 1, Int(((lat + dLat) - minLat) / latStep) + 1)
        let c0 = max(0, Int(((lon - dLon) - minLon) / lonStep) - 1)
        let c1 = min(cols - 1, Int(((lon + dLon) - minLon) / lonStep) + 1)
        guard r0 <= r1, c0 <= c1 else { return }
        for r in r0...r1 {
            for c in c0...c1 {
                let cell = r * cols + c
                for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                    let i = Int(order[k])
                    let d = haversineKm(lat, lon, lats[i], lons[i])
                    if d <= radiusKm { body(i, d) }
                }
            }
        }
    }
}
