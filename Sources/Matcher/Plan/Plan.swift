/// The plan of the contract's section 4, in domain terms (ids, ISO dates), exactly as
/// `plan.json` holds it. A plan read back from a file may name unknown ids: the checker
/// reports them rather than trusting them.
public struct Plan: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case optimal
        case feasible
        case noPlan = "no_plan"
    }

    public struct Terms: Codable, Hashable, Sendable {
        public var needs: Double
        public var distance: Double
        public var unitShortfall: Double
        /// participation_shortfall × the sessions members stay below their targets (contract v2;
        /// 0 with the defaults, and when a plan of the first contract version lacks it).
        public var participation: Double
        public init(needs: Double, distance: Double, unitShortfall: Double, participation: Double = 0) {
            self.needs = needs; self.distance = distance; self.unitShortfall = unitShortfall
            self.participation = participation
        }
        enum CodingKeys: String, CodingKey {
            case needs, distance, participation
            case unitShortfall = "unit_shortfall"
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            needs = try c.decode(Double.self, forKey: .needs)
            distance = try c.decode(Double.self, forKey: .distance)
            unitShortfall = try c.decode(Double.self, forKey: .unitShortfall)
            participation = try c.decodeIfPresent(Double.self, forKey: .participation) ?? 0
        }
        /// objective = needs - distance - unit_shortfall - participation.
        public var objective: Double { needs - distance - unitShortfall - participation }
    }

    public struct RunningProject: Codable, Hashable, Sendable {
        public var id: String
        public var leadUnit: String
        /// ISO dates, ascending.
        public var dates: [String]
        public var unitFunds: Double
        public var streetFunds: Double
        public init(id: String, leadUnit: String, dates: [String], unitFunds: Double, streetFunds: Double) {
            self.id = id; self.leadUnit = leadUnit; self.dates = dates; self.unitFunds = unitFunds; self.streetFunds = streetFunds
        }
        enum CodingKeys: String, CodingKey {
            case id, dates
            case leadUnit = "lead_unit"
            case unitFunds = "unit_funds"
            case streetFunds = "street_funds"
        }
    }

    public struct Assignment: Codable, Hashable, Sendable {
        public var member: String
        public var project: String
        public var date: String
        public init(member: String, project: String, date: String) {
            self.member = member; self.project = project; self.date = date
        }
    }

    public struct NeedOutcome: Codable, Hashable, Sendable {
        public var id: String
        public var covered: Bool
        /// Non-empty for an uncovered need; nil (JSON null) for a covered one.
        public var reason: String?
        public init(id: String, covered: Bool, reason: String?) {
            self.id = id; self.covered = covered; self.reason = reason
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(covered, forKey: .covered)
            try c.encode(reason, forKey: .reason) // null, not absent, as the contract shows
        }
    }

    public var format: String = "match-plan/1"
    public var scenario: String
    public var variant: String
    public var status: Status
    public var objective: Double
    public var bestBound: Double
    public var gap: Double
    public var objectiveTerms: Terms
    public var projects: [RunningProject]
    public var assignments: [Assignment]
    public var needs: [NeedOutcome]
    /// Why the solve stopped before its limits, when it did: "interrupt" (Ctrl-C or SIGTERM).
    /// An extra field the contract allows; absent otherwise.
    public var stoppedBy: String?

    public init(scenario: String, variant: String, status: Status, objective: Double, bestBound: Double, gap: Double,
                objectiveTerms: Terms, projects: [RunningProject], assignments: [Assignment], needs: [NeedOutcome]) {
        self.scenario = scenario; self.variant = variant; self.status = status; self.objective = objective
        self.bestBound = bestBound; self.gap = gap; self.objectiveTerms = objectiveTerms; self.projects = projects
        self.assignments = assignments; self.needs = needs
    }

    enum CodingKeys: String, CodingKey {
        case format, scenario, variant, status, objective, gap, projects, assignments, needs
        case bestBound = "best_bound"
        case objectiveTerms = "objective_terms"
        case stoppedBy = "stopped_by"
    }

    /// The file format this type reads and writes.
    public static let formatName = "match-plan/1"

    // Written out so that a number that is not finite (no bound or gap of a plan without a
    // solution) is JSON `null` rather than an encoding error, and reads back as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        guard format == Plan.formatName else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c,
                debugDescription: "format is '\(format)', expected '\(Plan.formatName)'")
        }
        scenario = try c.decode(String.self, forKey: .scenario)
        variant = try c.decode(String.self, forKey: .variant)
        status = try c.decode(Status.self, forKey: .status)
        objective = try c.decodeIfPresent(Double.self, forKey: .objective) ?? .nan
        bestBound = try c.decodeIfPresent(Double.self, forKey: .bestBound) ?? .nan
        gap = try c.decodeIfPresent(Double.self, forKey: .gap) ?? .nan
        objectiveTerms = try c.decode(Terms.self, forKey: .objectiveTerms)
        projects = try c.decode([RunningProject].self, forKey: .projects)
        assignments = try c.decode([Assignment].self, forKey: .assignments)
        needs = try c.decode([NeedOutcome].self, forKey: .needs)
        stoppedBy = try c.decodeIfPresent(String.self, forKey: .stoppedBy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func number(_ x: Double, _ key: CodingKeys) throws {
            if x.isFinite { try c.encode(x == 0 ? 0 : x, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try c.encode(format, forKey: .format)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(variant, forKey: .variant)
        try c.encode(status, forKey: .status)
        try number(objective, .objective)
        try number(bestBound, .bestBound)
        try number(gap, .gap)
        try c.encode(objectiveTerms, forKey: .objectiveTerms)
        try c.encode(projects, forKey: .projects)
        try c.encode(assignments, forKey: .assignments)
        try c.encode(needs, forKey: .needs)
        try c.encodeIfPresent(stoppedBy, forKey: .stoppedBy)
    }
}
