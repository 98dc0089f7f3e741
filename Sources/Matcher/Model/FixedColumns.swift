/// A model with its fixed columns (lower == upper) substituted into the rows and the
/// objective: what remains is the small problem over the free columns. The neighbourhood
/// search fixes most of the contract's model at the incumbent and re-solves the rest; handing
/// GLPK only the rest keeps each re-solve proportional to the neighbourhood, not to the street.
struct FixedColumnsReduction: Sendable {
    /// The model over the free columns; rows that kept no free column are dropped.
    let model: LinearModel
    /// Column of the original model for each column of `model`.
    let original: [Int]
    /// The original model's column values with every fixed column at its value.
    private let fixedValues: [Double]

    /// nil when a row left with fixed columns only is violated by them (no plan can satisfy it).
    init?(_ source: LinearModel, tolerance: Double = 1e-7) {
        let n = source.columns.count
        var newIndex = [Int32](repeating: -1, count: n)
        var kept: [Int] = []
        var values = [Double](repeating: 0, count: n)
        var reduced = LinearModel(name: source.name, sense: source.sense)
        reduced.objectiveConstant = source.objectiveConstant
        for (j, column) in source.columns.enumerated() {
            if column.lower == column.upper {
                values[j] = column.lower
                reduced.objectiveConstant += column.objective * column.lower
            } else {
                newIndex[j] = Int32(kept.count)
                kept.append(j)
                reduced.columns.append(column)
            }
        }
        var shift = [Double](repeating: 0, count: source.rows.count)
        var free = [Bool](repeating: false, count: source.rows.count)
        for t in 0..<source.entryValues.count {
            let r = Int(source.entryRows[t]), j = Int(source.entryColumns[t])
            if newIndex[j] < 0 { shift[r] += source.entryValues[t] * values[j] } else { free[r] = true }
        }
        var newRow = [Int32](repeating: -1, count: source.rows.count)
        for (r, row) in source.rows.enumerated() {
            if free[r] {
                newRow[r] = Int32(reduced.rows.count)
                reduced.rows.append(LinearModel.Row(name: row.name, lower: row.lower - shift[r], upper: row.upper - shift[r]))
            } else {
                let slack = tolerance * max(1, abs(shift[r]))
                if shift[r] < row.lower - slack || shift[r] > row.upper + slack { return nil }
            }
        }
        for t in 0..<source.entryValues.count {
            let j = Int(source.entryColumns[t])
            guard newIndex[j] >= 0 else { continue }
            reduced.entryRows.append(newRow[Int(source.entryRows[t])])
            reduced.entryColumns.append(newIndex[j])
            reduced.entryValues.append(source.entryValues[t])
        }
        model = reduced
        original = kept
        fixedValues = values
    }

    /// Values of the reduced model's columns, read from the original model's.
    func restrict(_ values: [Double]) -> [Double] { original.map { values[$0] } }

    /// Values of every original column: the fixed ones at their value, the rest from `values`.
    func expand(_ values: [Double]) -> [Double] {
        var out = fixedValues
        for (n, j) in original.enumerated() { out[j] = values[n] }
        return out
    }
}
