import Testing
@testable import Matcher

@Suite struct DayTests {
    @Test(arguments: [("2027-01-01", 4), ("2027-01-16", 5), ("2024-02-29", 3), ("1970-01-01", 3)])
    func weekdayOfIsoDate(iso: String, weekday: Int) throws {
        let d = try #require(Day(iso: iso))
        #expect(d.weekday == weekday)
        #expect(d.iso == iso)
    }

    @Test func rejectsImpossibleDates() {
        #expect(Day(iso: "2027-02-29") == nil)
        #expect(Day(iso: "2027-13-01") == nil)
        #expect(Day(iso: "2027-1-01") == nil)
        #expect(Day(iso: "2027-01-0x") == nil)
    }

    @Test func quarterBounds() throws {
        let q = try #require(Period(quarter: "2027Q1"))
        #expect(q.start.iso == "2027-01-01")
        #expect(q.end.iso == "2027-03-31")
        #expect(q.dayCount == 90)
        let q4 = try #require(Period(quarter: "2026q4"))
        #expect(q4.end.iso == "2026-12-31")
        #expect(Period(quarter: "2027Q5") == nil)
    }
}
