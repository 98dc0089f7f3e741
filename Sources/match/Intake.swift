import ArgumentParser
import Foundation
import Matcher

/// `match intake SURVEY --map intake.yaml --communities communities.csv --out needs.csv`: a needs
/// survey (问卷星 export, a form) turned into the needs list (群众点单; docs/INTAKE.md).
struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Turn a needs survey (问卷星 export, .xlsx or .csv) into the needs list: households per community and category, with urgency.",
        discussion: """
            The mapping file says which columns are the community, the address and the needs, and how urgency is judged; \
            `match intake --template` writes a commented one. Answers that cannot be placed are skipped and listed on stderr \
            by row (exit 0). A broken mapping or an unreadable file: exit 65 and nothing written. With --merge, needs entered \
            by hand (ids not starting with Q-) are kept and only the survey's own needs are replaced.
            """
    )

    @Argument(help: "The survey export: .xlsx (book.xlsx#Sheet for one sheet) or .csv.")
    var survey: String?

    @Option(help: "The mapping file (YAML).")
    var map: String?

    @Option(help: "The communities list (communities.csv or a workbook sheet): ids and names.")
    var communities: String?

    @Option(help: "The needs list to write (with --template: the mapping file to write; stdout without it).")
    var out: String?

    @Option(help: "An existing needs list (CSV) to merge into: its needs entered by hand are kept. Written back to itself unless --out is given.")
    var merge: String?

    @Flag(help: "Write a commented mapping file to fill in.")
    var template = false

    @Option(help: "Language of the template: zh or en.")
    var lang: String = "zh"

    func validate() throws {
        if template {
            guard ReportLanguage(rawValue: lang) != nil else { throw ValidationError("--lang is zh or en, not '\(lang)'") }
            return
        }
        guard survey != nil else { throw ValidationError("give the survey file (or --template for a mapping to fill in)") }
        guard map != nil else { throw ValidationError("--map is required: the mapping file (`match intake --template` writes one)") }
        guard communities != nil else { throw ValidationError("--communities is required: the communities list") }
        guard out != nil || merge != nil else { throw ValidationError("--out is required: the needs list to write (or --merge)") }
    }

    func run() throws {
        if template { return try writeTemplate() }
        guard let survey, let map, let communities, let target = out ?? merge else { return }
        let result: Intake.Result
        var old: RowTable?
        do throws(InputError) {
            result = try Intake.read(survey: survey, mapping: map, communities: communities)
            if let merge {
                guard !merge.lowercased().hasSuffix(".xlsx") else {
                    throw InputError(diagnostics: [.error(file: merge, "--merge takes a CSV needs list / --merge 只能合并 CSV 格式的需求名单")])
                }
                old = try Intake.readTable(merge)
            }
        } catch {
            for d in error.diagnostics { Console.error(d.description) }
            let errors = error.diagnostics.filter(\.isError).count
            Console.error("\(errors) error\(errors == 1 ? "" : "s"); nothing written / \(errors) 处错误，未写入任何文件")
            throw ExitCode(Exit.dataError)
        }
        let lang = result.language
        for w in result.warnings { Console.error(w.description) }

        let table: Intake.Merged
        if let old {
            do throws(InputError) { table = try Intake.merge(result.needs, into: old, language: lang) } catch {
                for d in error.diagnostics { Console.error(d.description) }
                throw ExitCode(Exit.dataError)
            }
        } else {
            // An existing list with needs entered by hand is not overwritten: --merge keeps them.
            if FileManager.default.fileExists(atPath: target), let existing = try? Intake.readTable(target), Intake.hasHandEntered(existing) {
                Console.error(lang.pick(
                    zh: "\(target)：已有手工录入的需求，未覆盖；要保留它们并替换问卷得出的需求，请用 --merge \(target)",
                    en: "\(target): holds needs entered by hand; not overwritten. To keep them and replace the survey's needs, use --merge \(target)"))
                throw ExitCode(Exit.cantCreate)
            }
            table = Intake.plain(result.needs, language: lang)
        }
        for n in table.notes { Console.error(n.description) }
        if !table.dropped.isEmpty {
            Console.error(lang.pick(
                zh: "\(target)：问卷不再得出需求 \(table.dropped.joined(separator: "、"))，已从名单中去掉；列出它们的项目（projects.csv 的需求列）需要修改",
                en: "\(target): the survey no longer makes needs \(table.dropped.joined(separator: ", ")); they are removed, so projects listing them must change"))
        }
        do {
            try table.table.data.write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            Console.error("\(target): cannot write: \(error.localizedDescription)")
            throw ExitCode(Exit.cantCreate)
        }
        print(result.summary.text(lang))
        print(lang.pick(
            zh: "已写入 \(target)：问卷需求 \(result.needs.count) 条" + (old != nil ? "，保留手工录入的需求 \(table.kept) 条" : ""),
            en: "Wrote \(target): \(result.needs.count) needs from the survey" + (old != nil ? ", \(table.kept) entered by hand kept" : "")))
    }

    func writeTemplate() throws {
        let text = IntakeMapping.template(ReportLanguage(rawValue: lang) ?? .zh)
        guard let out else { print(text, terminator: ""); return }
        if FileManager.default.fileExists(atPath: out) {
            Console.error("\(out): already exists; not overwritten / 文件已存在，未覆盖")
            throw ExitCode(Exit.cantCreate)
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            Console.error("\(out): cannot write: \(error.localizedDescription)")
            throw ExitCode(Exit.cantCreate)
        }
    }
}
