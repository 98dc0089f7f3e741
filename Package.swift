// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "match",
    products: [
        .executable(name: "match", targets: ["match"]),
        .library(name: "Matcher", targets: ["Matcher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // GLPK 5.0 from Debian's libglpk-dev; imported by Sources/Matcher/GLPK only.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // glibc iconv, for GB18030 spreadsheets (Foundation on Linux cannot decode them).
        .target(name: "CTextCodec"),
        // .xlsx workbooks: ZIPFoundation for the archive, FoundationXML for the parts. A leaf:
        // it knows nothing of scenarios.
        .target(
            name: "Workbook",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "Matcher",
            dependencies: [
                "CGLPK", "CTextCodec", "Workbook",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // The planner's local web app (`match serve`); Matcher knows nothing of it.
        .target(
            name: "Server",
            dependencies: [
                "Matcher",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // The ledger of service (issue 17): what happened each quarter, in SQLite through GRDB.
        // Matcher does not depend on it.
        .target(
            name: "Ledger",
            dependencies: [
                "Matcher",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "match",
            dependencies: [
                "Matcher", "Server", "Ledger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MatcherTests",
            dependencies: [
                "Matcher", "Workbook", "Ledger",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Matcher",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
