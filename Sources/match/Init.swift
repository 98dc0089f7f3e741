import ArgumentParser
import Foundation
import Matcher

/// `match init DIR`: a scenario to fill in — scenario.yaml and the five lists with example rows.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a scenario to fill in: scenario.yaml and the five lists, each with its header and example rows.",
        discussion: "The lists are five CSV files, or with --xlsx one workbook: a guide sheet (说明) explaining every column, then five sheets. Existing files are never overwritten (exit 73)."
    )

    @Argument(help: "The folder to write (created when missing).")
    var dir: String

    @Option(help: "Language of the headers, values and comments: zh or en.")
    var lang: String = "zh"

    @Flag(help: "One workbook (a guide sheet and five list sheets) instead of five CSV files.")
    var xlsx = false

    func run() throws {
        guard let language = ReportLanguage(rawValue: lang) else {
            throw ValidationError("--lang is zh or en, not '\(lang)'")
        }
        let files = try ScenarioTemplate.files(quarter: Init.nextQuarter(Date()), lang: language, workbook: xlsx)
        let fm = FileManager.default
        for f in files where fm.fileExists(atPath: dir + "/" + f.name) {
            Console.error("\(dir)/\(f.name): already exists; not overwritten (pick an empty folder)")
            throw ExitCode(Exit.cantCreate)
        }
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for f in files { try Data(f.bytes).write(to: URL(fileURLWithPath: dir + "/" + f.name), options: .withoutOverwriting) }
        } catch {
            Console.error("\(dir): cannot write: \(error.localizedDescription)")
            throw ExitCode(Exit.cantCreate)
        }
        let yaml = dir + "/scenario.yaml"
        let listNames = files.dropFirst().map(\.name).joined(separator: ", ")
        print(language.pick(
            zh: "已写入 \(yaml) 和 \(listNames)。\n下一步：在表格里填写名单（保留标题行，改写示例行），然后运行\n  match validate \(yaml)\n  match solve \(yaml)",
            en: "Wrote \(yaml) and \(listNames).\nNext: fill in the lists (keep the header rows, replace the example rows), then run\n  match validate \(yaml)\n  match solve \(yaml)"))
    }

    /// The quarter after the one `date` is in (UTC), as `2027Q1`.
    static func nextQuarter(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month], from: date)
        let q = ((c.month ?? 1) - 1) / 3 + 1
        return q == 4 ? "\((c.year ?? 2027) + 1)Q1" : "\(c.year ?? 2027)Q\(q + 1)"
    }
}
