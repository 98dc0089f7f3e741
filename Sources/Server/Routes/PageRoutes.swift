import Foundation
import Hummingbird
import Matcher

/// The pages: `/` (start), `/scenarios/ID` (validation and solve), `/jobs/ID` (progress, plan, what-if).
struct PageRoutes {
    let state: ServerState

    func register(on router: Router<ServerContext>) {
        router.get("/") { request, _ in
            let c = context(request)
            return APIResponse.html(StartPage.render(c, scenarios: state.store.list(), jobs: state.jobs.all))
        }
        router.get("/scenarios/:id") { request, context in
            let c = self.context(request)
            guard let stored = state.store.scenario(context.parameters.decoded("id") ?? "") else { return notFound(c) }
            let validation = try await onThread { state.store.validate(stored) }
            return APIResponse.html(ScenarioPage.render(c, stored: stored, validation: validation))
        }
        router.get("/jobs/:id") { request, context in
            let c = self.context(request)
            guard let job = state.jobs.job(context.parameters.decoded("id") ?? "") else { return notFound(c) }
            return APIResponse.html(JobPage.render(c, job: job))
        }
    }

    private func context(_ request: Request) -> PageContext {
        let lang = request.uri.queryParameters.get("lang").flatMap(ReportLanguage.init(rawValue:)) ?? .zh
        return PageContext(language: lang, token: state.configuration.token == nil ? nil : request.uri.queryParameters.get("token"))
    }

    private func notFound(_ c: PageContext) -> Response {
        APIResponse.html(c.page(title: c.words.notFound, sections: [ReportSection(id: "missing", title: c.words.notFound, content: [])],
                                switchTo: "/"), status: .notFound)
    }
}
