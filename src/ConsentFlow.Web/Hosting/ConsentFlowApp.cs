using System.Text.Json.Serialization;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine;
using ConsentFlow.Web.Api;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Fhir;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Studio.Diagram;
using ConsentFlow.Web.Studio.Editing;
using ConsentFlow.Web.Studio.Publishing;
using ConsentFlow.Web.Studio.Templates;
using ConsentFlow.Web.Verification;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace ConsentFlow.Web.Hosting;

/// <summary>Builds the web host; Program.cs and the tests share it so tests run the real pipeline on a real database.</summary>
public static class ConsentFlowApp
{
    public const string SeedDemoFlag = "--seed-demo";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The flag is ours, not a configuration key: left in, the command-line provider would pair it with the next argument.
        var hostArgs = args.Where(a => a != SeedDemoFlag).ToArray();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            ApplicationName = typeof(ConsentFlowApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        var settings = HostSettings.From(builder.Configuration, builder.Environment, args);
        AddServices(builder.Services, settings);
        builder.Services.AddConsentFlowSecurity(builder.Configuration, settings);
        builder.Services.AddSharedDataProtection();
        builder.Services.AddConsentDocuments(builder.Configuration, builder.Environment, settings);
        builder.Services.AddConsentFlowTelemetry(builder.Configuration);
        builder.Services.AddPhiSafeLogging();
        builder.Services.AddConsentFlowWorklist(builder.Configuration);
        builder.Services.AddConsentFlowFhir(builder.Configuration);
        builder.Services.AddWorkflowStudioEditing();
        builder.Services.AddStudioDiagram();
        builder.Services.AddStudioPublishing(builder.Configuration);
        builder.Services.AddCaseHistory();
        builder.Services.AddPatientTablet(builder.Configuration);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, HostSettings settings)
    {
        services.AddSingleton(settings);
        services.AddConsentFlowEngine(settings.Storage, settings.RunTimers);
        services.AddSingleton<WorkflowFolderPublisher>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoStaff>();
        services.AddSingleton<CaseDirectory>();
        services.AddSingleton<CaseJournal>();
        services.AddSingleton<PublishedDefinitionText>();
        services.AddConsentTemplateStudio();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        // A body that does not bind is an exception ProblemMapping turns into problem details naming the field, in
        // production too (the default throws only in Development and otherwise answers an empty 400).
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>().AddOperationTransformer<IdempotencyKeyOperationTransformer>());
        services.AddConsentFlowHealthChecks();

        // Signature strokes travel over the circuit; the default 32 KB message limit is too small for a long signature.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(hub => hub.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices();
    }

    private static void UsePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFhirErrorOutcomes();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapConsentFlowHealthChecks();
        app.MapAccountEndpoints();
        // The tablet posts the patient's signature: the same body rules as staff submissions (the group is the Security owner's).
        app.MapKioskEndpoints().RequireReadableJson().WithBodyLimit(BodyLimits.Submission);

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapCaseEndpoints();
        app.MapWorklistEndpoints();
        app.MapTaskEndpoints();
        app.MapDefinitionEndpoints();
        app.MapDocumentEndpoints();
        app.MapFhirEndpoints();
        app.MapAuditEndpoints();
        app.MapUserAdministrationEndpoints();
        app.MapConsentTemplateEndpoints();
        app.MapPublicVerification();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
