import Foundation

/// Great-circle distance in kilometres (haversine, Earth radius 6371.0 km), as the contract defines it.
@inline(__always)
public func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let r = 6371.0
    let rad = Double.pi / 180
    let p1 = lat1 * rad, p2 = lat2 * rad
    let dp = p2 - p1
    let dl = (lon2 - lon1) * rad
    let s1 = sin(dp / 2), s2 = sin(dl / 2)
    let a = s1 * s1 + cos(p1) * cos(p2) * s2 * s2
    return 2 * r * asin(min(1.0, a.squareRoot()))
}
