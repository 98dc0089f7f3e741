import Foundation

/// A plan file that could not be read: which file, and what is wrong with it, in words
/// (`plan.json: projects[3].lead_unit: missing field`).
public struct PlanFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// Where in the document, as `projects[3].lead_unit`; empty for the whole file.
    public var path: String
    public var message: String

    public init(file: String, path: String = "", message: String) {
        self.file = file; self.path = path; self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}

/// `plan.json` as bytes. Encoding is deterministic: keys sorted, two-space pretty printing,
/// numbers in their shortest round-trip form (`3000`, `10734.5`, `6e-05`), `-0` written as `0`,
/// numbers that are not finite as `null`; the same plan always gives the same bytes.
public enum PlanJSON {
    public static func encode(_ plan: Plan) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(plan)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a plan; `file` names it in errors. Never traps: every problem is a `PlanFileError`.
    public static func decode(_ data: Data, file: String) throws(PlanFileError) -> Plan {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let p = StrictJSON.problem(bytes) {
            throw PlanFileError(file: file, message: "not valid JSON (line \(p.line): \(p.message))")
        }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        } catch {
            throw PlanFileError(file: file, message: "cannot read: \(error)")
        }
    }

    /// Reads the plan file at `path`.
    public static func read(path: String) throws(PlanFileError) -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PlanFileError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, file: path)
    }

    static func describe(_ error: DecodingError, file: String) -> PlanFileError {
        func pathText(_ keys: [any CodingKey]) -> String {
            var out = ""
            for k in keys {
                if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : "." + k.stringValue }
            }
            return out
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = pathText(context.codingPath)
            return PlanFileError(file: file, path: at.isEmpty ? key.stringValue : at + "." + key.stringValue,
                                 message: "missing field")
        case .valueNotFound(let type, let context):
            return PlanFileError(file: file, path: pathText(context.codingPath),
                                 message: "is null, expected \(typeName(type))")
        case .typeMismatch(let type, let context):
            return PlanFileError(file: file, path: pathText(context.codingPath),
                                 message: "wrong type, expected \(typeName(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                var message = "not valid JSON"
                if let underlying = context.underlyingError {
                    let text = "\(underlying)"
                    if !text.isEmpty { message += " (\(text))" }
                }
                return PlanFileError(file: file, message: message)
            }
            return PlanFileError(file: file, path: pathText(context.codingPath), message: context.debugDescription)
        @unknown default:
            return PlanFileError(file: file, message: "cannot read: \(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        case is Plan.Status.Type: "a status (optimal, feasible or no_plan)"
        default:
            "\(type)".hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
