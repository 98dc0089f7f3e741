import Testing
@testable import Matcher

@Suite struct InputRuleTests {
    let q1 = Period(quarter: "2027Q1")!

    func dates(_ rule: String) throws -> [String] { try DateRule.candidateDates(rule, in: q1).map(\.iso) }

    @Test func monthdays() throws {
        #expect(try dates("monthday:6,16,26").count == 9)
        #expect(try dates("monthday: 31").map { $0 } == ["2027-01-31", "2027-03-31"])
        #expect(try dates("MONTHDAY:29,30").allSatisfy { !$0.hasPrefix("2027-02") })
    }

    @Test func weekdaysAndIsoDatesUnionSortedInPeriod() throws {
        #expect(try dates("weekday:sat,sun").count == 26)
        #expect(try dates("2027-03-01;2027-01-02;2026-12-31;2027-04-01") == ["2027-01-02", "2027-03-01"])
        let union = try dates("weekday:sat;monthday:2;2027-01-03")
        #expect(union.prefix(4) == ["2027-01-02", "2027-01-03", "2027-01-09", "2027-01-16"])
        #expect(union == union.sorted() && Set(union).count == union.count)
        #expect(try dates(" ; ").isEmpty)
    }

    @Test(arguments: [("weekday:funday", "'funday'"), ("monthday:32", "'32'"), ("monthday:x", "'x'"),
                      ("2027-02-30", "'2027-02-30'"), ("every saturday", "'every saturday'"), ("weekday:", "no weekday")])
    func badDateRules(_ rule: String, _ named: String) {
        #expect {
            _ = try DateRule.candidateDates("monthday:6;" + rule, in: q1)
        } throws: { error in
            (error as? RuleError)?.message.contains(named) == true
        }
    }

    func avail(_ rule: String, _ iso: String, _ slot: Slot) throws -> Bool {
        let bits = try AvailabilityRule.compile(rule, period: q1)
        return bits.get(dayIndex: q1.index(of: Day(iso: iso)!), slot: slot)
    }

    @Test func availabilityGrammar() throws {
        // 2027-01-02 is a Saturday, 2027-01-06 a Wednesday.
        #expect(try avail("any", "2027-01-06", .eve))
        #expect(try avail("weekday", "2027-01-06", .am))
        #expect(try !avail("weekday", "2027-01-02", .am))
        #expect(try avail("weekend-pm", "2027-01-02", .pm))
        #expect(try !avail("weekend-pm", "2027-01-02", .am))
        #expect(try avail("WED-EVE", "2027-01-06", .eve))
        #expect(try avail("2027-01-06-am", "2027-01-06", .am))
        #expect(try !avail("2027-01-06-am", "2027-01-13", .am))
        #expect(try !avail("any;!2027-01-06", "2027-01-06", .pm))
        #expect(try avail("any;!2027-01-06-pm", "2027-01-06", .am))
        #expect(try !avail("any;!weekend", "2027-01-02", .eve))
        // An exclusion wins over a later plain token; exclusions alone give nothing.
        #expect(try !avail("!sat;sat-am", "2027-01-02", .am))
        #expect(try !avail("!sat", "2027-01-06", .am))
        #expect(try !avail("", "2027-01-06", .am))
    }

    @Test(arguments: ["saturday", "mon-night", "!", "-am", "2027-13-01", "any,weekend"])
    func badAvailabilityTokens(_ token: String) {
        #expect(throws: RuleError.self) { _ = try AvailabilityRule.compile("mon;" + token, period: q1) }
    }

    /// Brute force from the contract's words against the compiled bits.
    @Test(arguments: ["weekday-am;sat;!2027-02-10", "any;!weekend-eve;!2027-03-01", "sun-pm;2027-01-20-eve;!sun-pm", "weekend;wed-eve"])
    func compiledBitsMatchTheDefinition(_ rule: String) throws {
        let bits = try AvailabilityRule.compile(rule, period: q1)
        let tokens = rule.split(separator: ";").map { String($0) }
        func matches(_ token: String, _ d: Day, _ slot: Slot) -> Bool {
            var part = token, tslot: Slot? = nil
            for s in Slot.allCases where token.hasSuffix("-" + s.name) { part = String(token.dropLast(s.name.count + 1)); tslot = s }
            if let tslot, tslot != slot { return false }
            switch part {
            case "any": return true
            case "weekday": return d.weekday < 5
            case "weekend": return d.weekday >= 5
            default: return Day.weekdayNames.firstIndex(of: part).map { $0 == d.weekday } ?? (Day(iso: part) == d)
            }
        }
        for k in 0..<q1.dayCount {
            for slot in Slot.allCases {
                let d = q1.day(at: k)
                let plus = tokens.filter { !$0.hasPrefix("!") }.contains { matches($0, d, slot) }
                let minus = tokens.filter { $0.hasPrefix("!") }.contains { matches(String($0.dropFirst()), d, slot) }
                #expect(bits.get(dayIndex: k, slot: slot) == (plus && !minus), "\(d) \(slot)")
            }
        }
    }
}
