import Foundation
import Testing
@testable import Matcher

/// Issue 11, item 3: the output folder is replaced all at once, under a lock.
@Suite struct OutputFolderTests {
    typealias F = PlanFixture

    @Test func aWriteSwapsInAFreshFolderAndKeepsForeignEntries() throws {
        let parent = try F.temporaryDirectory()
        let dir = parent + "/base"
        try OutputFolder.replace(dir, with: [("a.csv", Data("1".utf8)), ("b.csv", Data("2".utf8))])
        try FileManager.default.createDirectory(atPath: dir + "/wider", withIntermediateDirectories: false)
        try Data("model".utf8).write(to: URL(fileURLWithPath: dir + "/model.lp"))
        var before = stat()
        #expect(stat(dir, &before) == 0)
        try OutputFolder.replace(dir, with: [("a.csv", Data("3".utf8)), ("b.csv", Data("4".utf8))])
        var after = stat()
        #expect(stat(dir, &after) == 0)
        #expect(before.st_ino != after.st_ino, "a fresh folder, swapped in")
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "3")
        #expect(try String(contentsOfFile: dir + "/model.lp", encoding: .utf8) == "model")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.csv", "b.csv", "model.lp", "wider"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["base"])
    }

    /// A second writer waits for the first to finish; it never mixes its files with the first's.
    @Test func aSecondWriterWaitsForTheLock() async throws {
        let dir = try F.temporaryDirectory() + "/out"
        try OutputFolder.replace(dir, with: [("a.csv", Data("first".utf8))])
        let held = try OutputFolder.Lock(dir, display: dir, waiting: nil)
        let waited = AsyncStream<Void>.makeStream()
        let writer = Task.detached { () throws -> Void in
            try OutputFolder.replace(dir, with: [("a.csv", Data("second".utf8))], waiting: { waited.continuation.yield() })
        }
        var iterator = waited.stream.makeAsyncIterator()
        _ = await iterator.next()
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "first", "nothing written while the lock is held")
        held.release()
        try await writer.value
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "second")
    }

    @Test func theWorkingFolderIsNeverSwapped() throws {
        #expect(throws: PlanWriteError.self) { try OutputFolder.replace(".", with: [("a.csv", Data())]) }
        #expect(throws: PlanWriteError.self) { try OutputFolder.replace("..", with: [("a.csv", Data())]) }
    }

    @Test func abandonAllRemovesHiddenFoldersOfWritesUnderWay() throws {
        let registry = OutputFolder.Registry()
        let dir = try F.temporaryDirectory()
        let staging = dir + "/.out.new-1"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        registry.add(staging)
        registry.abandonAll()
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(throws: PlanWriteError.self) { try registry.swapping {} }
    }
}
