/// A solver-neutral linear (mixed-integer) model: columns with bounds, kind and objective
/// coefficient; rows with bounds; the sparse matrix as (row, column, value) triplets.
/// Indices are 0-based. Infinite bounds mean "no bound". Built by the model builders,
/// handed to one backend (the GLPK binding), read back through the indices.
public struct LinearModel: Sendable {
    public enum Sense: Sendable, Hashable { case maximize, minimize }
    public enum Kind: Sendable, Hashable { case continuous, integer, binary }

    public struct Column: Sendable, Hashable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var objective: Double
        public var kind: Kind
        public init(name: String, lower: Double = 0, upper: Double = .infinity, objective: Double = 0, kind: Kind = .continuous) {
            self.name = name; self.lower = lower; self.upper = upper; self.objective = objective; self.kind = kind
        }
    }

    public struct Row: Sendable, Hashable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public init(name: String, lower: Double = -.infinity, upper: Double = .infinity) {
            self.name = name; self.lower = lower; self.upper = upper
        }
    }

    public var name: String
    public var sense: Sense
    public var objectiveConstant: Double = 0
    public var columns: [Column] = []
    public var rows: [Row] = []
    /// Triplets of the constraint matrix, 0-based.
    public var entryRows: [Int32] = []
    public var entryColumns: [Int32] = []
    public var entryValues: [Double] = []

    public init(name: String = "match", sense: Sense = .maximize) {
        self.name = name
        self.sense = sense
    }

    public var nonzeroCount: Int { entryValues.count }

    @discardableResult
    public mutating func addColumn(_ column: Column) -> Int {
        columns.append(column)
        return columns.count - 1
    }

    @discardableResult
    public mutating func addColumn(_ name: String, lower: Double = 0, upper: Double = .infinity,
                                   objective: Double = 0, kind: Kind = .continuous) -> Int {
        addColumn(Column(name: name, lower: lower, upper: upper, objective: objective, kind: kind))
    }

    /// Adds `lower <= sum(coef * column) <= upper`; zero coefficients are dropped.
    @discardableResult
    public mutating func addRow(_ name: String, lower: Double = -.infinity, upper: Double = .infinity,
                                terms: [(column: Int, coefficient: Double)]) -> Int {
        rows.append(Row(name: name, lower: lower, upper: upper))
        let r = Int32(rows.count - 1)
        for t in terms where t.coefficient != 0 {
            entryRows.append(r)
            entryColumns.append(Int32(t.column))
            entryValues.append(t.coefficient)
        }
        return rows.count - 1
    }

    /// Value of the objective at `x` (constant included).
    public func objectiveValue(_ x: [Double]) -> Double {
        var v = objectiveConstant
        for (j, c) in columns.enumerated() where c.objective != 0 { v += c.objective * x[j] }
        return v
    }

    /// Row activities A·x.
    public func rowActivities(_ x: [Double]) -> [Double] {
        var a = [Double](repeating: 0, count: rows.count)
        for k in 0..<entryValues.count { a[Int(entryRows[k])] += entryValues[k] * x[Int(entryColumns[k])] }
        return a
    }
}
