/// Writes a model for auditing with glpsol or another solver: CPLEX LP (`.lp`) or free MPS
/// (`.mps`), chosen by the file's extension.
public enum ModelExport {
    public static func write(_ model: LinearModel, to path: String) throws {
        let problem = try GLPKProblem(model)
        if path.hasSuffix(".mps") {
            try problem.writeMPS(to: path, free: true)
        } else {
            try problem.writeLP(to: path)
        }
    }
}
