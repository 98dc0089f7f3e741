import Foundation
import Testing
@testable import Matcher

/// Every Chinese and spreadsheet form of a value reads as its English twin (docs/INPUT.md, "Chinese values").
@Suite struct ChineseValueTests {
    static let q1 = Period(quarter: "2027Q1")!

    static func bits(_ rule: String) throws(RuleError) -> AvailabilityBits { try AvailabilityRule.compile(rule, period: q1) }

    @Test(arguments: [
        ("周六", "sat"), ("星期六", "sat"), ("礼拜六", "sat"), ("周日", "sun"), ("周天", "sun"), ("星期天", "sun"),
        ("周一", "mon"), ("星期三", "wed"), ("工作日", "weekday"), ("周末", "weekend"), ("每天", "any"), ("任意", "any"),
        ("周六上午", "sat-am"), ("周六-下午", "sat-pm"), ("工作日晚上", "weekday-eve"), ("周末-pm", "weekend-pm"),
        ("晚上", "any-eve"), ("每周六上午", "sat-am"), ("每周末", "weekend"), ("！周三", "!wed"), ("!周三-晚上", "!wed-eve"),
        ("2027年2月10日", "2027-02-10"), ("2月10日", "2027-02-10"), ("2027/2/10", "2027-02-10"), ("2027.2.10", "2027-02-10"),
        ("！2027/1/16", "!2027-01-16"), ("！3月6日上午", "!2027-03-06-am"), ("ｓａｔ－ｐｍ", "sat-pm"),
    ])
    func availabilityToken(_ zh: String, _ en: String) throws {
        #expect(try ChineseValues.availabilityToken(zh[...], period: Self.q1) == en[...])
        // and compiled: the Chinese rule gives the bits of the English one (plus 'any' when only `!` is written).
        let extra = en.hasPrefix("!") ? "any;" : ""
        #expect(try Self.bits(extra + zh) == Self.bits(extra + en))
    }

    @Test func availabilityListSeparators() throws {
        #expect(try Self.bits("周末；周三晚上、！2月6日") == Self.bits("weekend;wed-eve;!2027-02-06"))
    }

    @Test(arguments: [
        ("逢六", "monthday:6,16,26"), ("逢一", "monthday:1,11,21,31"), ("逢十", "monthday:10,20,30"),
        ("每月6,16,26日", "monthday:6,16,26"), ("每月6、16、26日", "monthday:6,16,26"), ("每月：６，１６", "monthday:6,16"),
        ("每周六,日", "weekday:sat,sun"), ("每周:六,日", "weekday:sat,sun"), ("每周六、日", "weekday:sat,sun"), ("每周六日", "weekday:sat,sun"),
        ("周六", "weekday:sat"), ("周末", "weekday:sat,sun"), ("2027年1月16日", "2027-01-16"), ("1月16日", "2027-01-16"),
        ("2027/1/16；2027.3.6", "2027-01-16;2027-03-06"), ("逢六；每周日", "monthday:6,16,26;weekday:sun"),
        ("！1月16日", "!2027-01-16"), ("monthday:6,16,26", "monthday:6,16,26"),
    ])
    func dateRule(_ zh: String, _ en: String) throws {
        #expect(try ChineseValues.dateRule(zh, period: Self.q1) == en)
        if !en.contains("!") {
            #expect(try DateRule.candidateDates(zh, in: Self.q1) == DateRule.candidateDates(en, in: Self.q1))
        }
    }

    @Test func monthDayWithoutYearTakesThePeriodsYear() throws {
        let winter = Period(start: Day(year: 2026, month: 12, day: 1)!, end: Day(year: 2027, month: 2, day: 28)!)
        #expect(try ChineseValues.dateRule("12月5日；1月16日", period: winter) == "2026-12-05;2027-01-16")
    }

    @Test func slots() {
        #expect(Slot(name: "上午") == .am && Slot(name: "下午") == .pm && Slot(name: "晚上") == .eve)
        #expect(Slot(name: "中午") == nil)
    }

    @Test func separatorsAndFullWidth() {
        #expect(splitList("a；b、c;d") == ["a", "b", "c", "d"])
        #expect(ChineseValues.halfWidth("４８．５：１！") == "48.5:1!")
        #expect(ChineseValues.halfWidth("plain") == "plain")
    }

    @Test(arguments: [
        ("周八", "“周八”不是可服务时间", "前加 ！ 表示排除"),  // 周一 … 周日 are all as close: no suggestion
        ("周六上五", "“周六上五”不是可服务时间", "（是否要写“周六上午”？）"),
        ("weekedn", "'weekedn' is not an availability token", " (did you mean 'weekend'?)"),
    ])
    func unknownAvailabilityInTheLanguageOfTheData(_ token: String, _ start: String, _ dym: String) {
        #expect(throws: RuleError.self) { try Self.bits(token) }
        do { _ = try Self.bits(token) } catch {
            #expect(error.message.hasPrefix(start), "\(error.message)")
            #expect(error.message.hasSuffix(dym), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("逢七十", "“逢七十”不是日期规则"), ("每月32日", "“每月32日”：“32”不是每月的日子（1..31）"),
        ("每周八", "“每周八”：“八”不是星期几"), ("2月30日", "“2月30日”不是有效的日期"), ("逢六上街", "“逢六上街”不是日期规则"),
    ])
    func unknownDateRuleInChinese(_ rule: String, _ start: String) {
        do {
            _ = try DateRule.candidateDates(rule, in: Self.q1)
            Issue.record("'\(rule)' was accepted")
        } catch {
            #expect(error.message.hasPrefix(start), "\(error.message)")
        }
    }

    /// The projects list with Chinese slot, skills with full-width colon and full-width numbers, in memory.
    @Test func projectCellsInChinese() throws {
        var files = InputFixtures.validFiles()
        let csv = "编号,标题,社区,类别,需求,场次,日期,时段,最少人数,最多人数,技能\n"
            + "P01,送餐,C01,elderly,N01；N03,２,逢六,上午,2,4,medical：1\n"
            + "P02,义诊,C01,health,N02,1,每周六,下午,2,3,\n"
            + "P03,辅导,C02,children,N04,2,每周六、日,中午,1,3,\n"
        files["projects.csv"] = Array(csv.utf8)
        let (_, diagnostics) = InputFixtures.read(files)
        let errors = diagnostics.filter(\.isError)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 4)
        #expect(errors.first?.message == "“中午”不是时段；应为 上午、下午 或 晚上（或 am、pm、eve）")
        files["projects.csv"] = Array(csv.replacingOccurrences(of: "中午", with: "晚上").utf8)
        let (scenario, _) = InputFixtures.read(files)
        let s = try #require(scenario)
        #expect(s.projects[0].sessions == 2 && s.projects[0].needs.count == 2 && s.projects[0].skills.count == 1)
        #expect(s.projects.map(\.slot) == [.am, .pm, .eve])
        #expect(s.projects[2].candidateDates == (try DateRule.candidateDates("weekday:sat,sun", in: s.period)))
    }

    @Test func utf16WithBOM() {
        let text = "id\tname\r\nA\t甲\r\n"
        let le = TextDecoding.utf8([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let be = TextDecoding.utf8([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(le.encoding == .utf16LE && be.encoding == .utf16BE)
        #expect(le.bytes == Array(text.utf8) && be.bytes == Array(text.utf8))
    }

    @Test(arguments: [("id,name\nA,x\n", FieldSeparator.comma), ("id\tname\nA\tx\n", .tab), ("id;name\nA;x\n", .semicolon),
                      ("\"a;b\",c\n", .comma), ("id\t\"x,y,z\"\n", .tab)])
    func separatorFromTheHeader(_ text: String, _ sep: FieldSeparator) {
        #expect(FieldSeparator.detect(Array(text.utf8)) == sep)
    }

    @Test func tabSeparatedKeepsEmptyCellsBeforeQuotes() {
        let t = CSVTable(utf8: Array("id\tname\ttitle\nA\t\t\"q\"\n".utf8), separator: 0x09)
        #expect(t.cell(0, "name") == "" && t.cell(0, "title") == "q")
    }

    @Test func missingColumnsSuggestTheHeaderMeant() {
        #expect(InputText.missingColumns(["availability"], header: ["编号", "姓名", "单位", "社区", "纬度", "经度", "可服务时段"])
            == "缺少必填列：可服务时间（availability）；标题行是：编号, 姓名, 单位, 社区, 纬度, 经度, 可服务时段（“可服务时段”是否应为“可服务时间”？）")
        #expect(InputText.missingColumns(["urgency"], header: ["id", "community", "urgncy"])
            == "missing required column urgency; the header has: id, community, urgncy (did you mean 'urgency' for 'urgncy'?)")
        #expect(InputText.missingColumns(["urgency"], header: ["id", "community"]) == "missing required column urgency; the header has: id, community")
    }
}
