using System.Security.Claims;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Studio.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentFlow.Web.Api;

/// <summary>The administrator's word that the consent text changed in substance, and how many upcoming cases re-consent.</summary>
public sealed record MaterialRevisionBody(string? Password);

public sealed record MaterialRevisionResult(int CasesAskedToReconsent);

/// <summary>A template version's English and Spanish Markdown (front matter included).</summary>
public sealed record TemplateTextsBody(string? En, string? Es);

/// <param name="Note">Why the text changed; kept with the version and in the journal.</param>
public sealed record TemplatePublishBody(string? En, string? Es, string? Note, string? Password);

/// <param name="SyntheticCase">One of <see cref="SyntheticCases.All"/> (ids listed by <c>GET /api/v1/consent-templates/synthetic-cases</c>).</param>
public sealed record TemplateSampleBody(string? En, string? Es, string? Language, string? SyntheticCase);

public sealed record TemplateTextsResult(string TemplateId, int? Version, string En, string Es, DateTime? SavedAtUtc = null, string? SavedBy = null);

public sealed record TemplateLintResult(bool Valid, IReadOnlyList<LintFinding> Findings);

public sealed record TemplatePublishResult(string TemplateId, int Version, DateTime PublishedAtUtc);

public sealed record SyntheticCaseInfo(string Id, string NameEn, string NameEs);

/// <summary>
/// Consent templates in the workflow studio: list versions, read a version's text, lint a draft (400 names the language
/// and line of every finding), save the draft, publish it as the next version with a note (password again), and a
/// sample PDF of the draft for a synthetic case. Whether a revision is material (every upcoming case re-consents) is
/// the administrator's separate, re-authenticated declaration.
/// </summary>
public static class ConsentTemplateEndpoints
{
    public const string TemplateRevised = "templateRevised";

    public static void MapConsentTemplateEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/consent-template/material-revisions", async (MaterialRevisionBody body, ClaimsPrincipal user, Reauthentication reauthentication,
            WorkflowRuntime runtime, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var count = await runtime.ReportConsentConcernForUpcomingCasesAsync(TemplateRevised, user.ActorFor(Policies.DesignWorkflows), ct);
            return new MaterialRevisionResult(count);
        }).RequireAuthorization(Policies.DesignWorkflows).WithTags("Definitions")
          .WithSummary("Declare the consent template materially revised: every upcoming case re-consents (administrator, password again)");

        var templates = routes.MapGroup("/api/v1/consent-templates").WithTags("Consent templates").RequireAuthorization(Policies.DesignWorkflows);

        templates.MapGet("/", (TemplateStudio studio, CancellationToken ct) => studio.ListAsync(ct))
            .WithSummary("Every consent template and its versions (from files or published in the studio)");

        templates.MapGet("/synthetic-cases", () => SyntheticCases.All.Select(c => new SyntheticCaseInfo(c.Id, c.NameEn, c.NameEs)).ToList())
            .WithSummary("The made-up cases a draft can be previewed with");

        templates.MapGet("/{templateId}/versions/{version:int}", async Task<Results<Ok<TemplateTextsResult>, ValidationProblem>> (string templateId, int version,
            TemplateStudio studio, CancellationToken ct) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            var texts = await studio.TextOfAsync(templateId, version, ct);
            return TypedResults.Ok(new TemplateTextsResult(templateId, version, texts.En, texts.Es));
        }).WithSummary("The Markdown of a version, English and Spanish");

        templates.MapGet("/{templateId}/draft", async Task<Results<Ok<TemplateTextsResult>, ValidationProblem>> (string templateId, TemplateStudio studio, CancellationToken ct) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            var (texts, draft) = await studio.StartingPointAsync(templateId, ct);
            return TypedResults.Ok(new TemplateTextsResult(templateId, studio.Review(templateId, texts).Version, texts.En, texts.Es, draft?.SavedAtUtc, draft?.SavedBy));
        }).WithSummary("The saved draft, or (none saved) the latest version with its number raised by one");

        templates.MapPut("/{templateId}/draft", async Task<Results<Ok<TemplateLintResult>, ValidationProblem>> (string templateId, TemplateTextsBody body,
            ClaimsPrincipal user, TemplateStudio studio, CancellationToken ct) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            if (Texts(body.En, body.Es) is not { } texts) return MissingTexts(body.En, body.Es);
            await studio.SaveDraftAsync(templateId, texts, user.ActorFor(Policies.DesignWorkflows), ct);
            var review = studio.Review(templateId, texts);
            return TypedResults.Ok(new TemplateLintResult(review.IsValid, review.Findings));
        }).WithBodyLimit(BodyLimits.Draft).WithSummary("Save the draft { en, es } (an unfinished draft is kept; its findings are returned)");

        templates.MapPost("/{templateId}/lint", Results<Ok<TemplateLintResult>, ValidationProblem> (string templateId, TemplateTextsBody body, TemplateStudio studio) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            if (Texts(body.En, body.Es) is not { } texts) return MissingTexts(body.En, body.Es);
            var review = studio.Review(templateId, texts);
            return review.IsValid ? TypedResults.Ok(new TemplateLintResult(true, [])) : LintProblem(review.Findings);
        }).WithBodyLimit(BodyLimits.Draft).WithSummary("Lint a draft { en, es }: 400 lists every finding keyed by language and line, e.g. 'es: line 14'");

        templates.MapPost("/{templateId}/versions", async Task<Results<Created<TemplatePublishResult>, ValidationProblem>> (string templateId, TemplatePublishBody body,
            ClaimsPrincipal user, Reauthentication reauthentication, TemplateStudio studio, CancellationToken ct) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            if (Texts(body.En, body.Es) is not { } texts) return MissingTexts(body.En, body.Es);
            if (string.IsNullOrWhiteSpace(body.Note) || body.Note.Length > 2000)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["is required: say what changed and why (at most 2000 characters)"] });
            var review = studio.Review(templateId, texts);
            if (!review.IsValid) return LintProblem(review.Findings);
            // What every new patient reads changes: the administrator confirms with their password, as for a workflow.
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            try
            {
                var publication = await studio.PublishAsync(templateId, texts, body.Note, user.ActorFor(Policies.DesignWorkflows), ct);
                return TypedResults.Created($"/api/v1/consent-templates/{templateId}/versions/{publication.Version}",
                    new TemplatePublishResult(templateId, publication.Version, publication.PublishedAtUtc));
            }
            catch (TemplateLintException lint)
            {
                return LintProblem(lint.Findings);
            }
        }).WithBodyLimit(BodyLimits.Draft).WithSummary("Publish { en, es, note, password } as the next version; new consents use it. A published version is never replaced");

        templates.MapPost("/{templateId}/sample.pdf", Results<FileContentHttpResult, ValidationProblem> (string templateId, TemplateSampleBody body, TemplateStudio studio) =>
        {
            if (!TemplateStudio.IsTemplateId(templateId)) return InvalidTemplateId();
            if (Texts(body.En, body.Es) is not { } texts) return MissingTexts(body.En, body.Es);
            if (body.Language is not ("en" or "es"))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["language"] = ["must be 'en' or 'es'"] });
            if (body.SyntheticCase is { } caseId && SyntheticCases.All.All(c => c.Id != caseId))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["syntheticCase"] = [$"must be one of: {string.Join(", ", SyntheticCases.All.Select(c => c.Id))}"] });
            var review = studio.Review(templateId, texts);
            if (TemplateStudio.Preview(review, body.Language, SyntheticCases.Find(body.SyntheticCase)) is null) return LintProblem(review.Findings);
            return TypedResults.File(studio.SamplePdf(review, body.Language, SyntheticCases.Find(body.SyntheticCase)), "application/pdf", $"{templateId}-sample.{body.Language}.pdf");
        }).WithBodyLimit(BodyLimits.Draft).WithSummary("The draft as a consent PDF for a synthetic case: unsealed, stamped 'SAMPLE – NOT SIGNED'");
    }

    private static TemplateTexts? Texts(string? en, string? es) => en is null || es is null ? null : new TemplateTexts(en, es);

    private static ValidationProblem MissingTexts(string? en, string? es) => TypedResults.ValidationProblem(
        new[] { ("en", en), ("es", es) }.Where(x => x.Item2 is null).ToDictionary(x => x.Item1, _ => new[] { "is required: the template's Markdown in this language" }));

    private static ValidationProblem InvalidTemplateId() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["templateId"] = ["must be lower-case letters, digits and '-' (at most 64)"] });

    private static ValidationProblem LintProblem(IReadOnlyList<LintFinding> findings) => TypedResults.ValidationProblem(
        findings.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
        title: "The consent template has lint findings.");
}
