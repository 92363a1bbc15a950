using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Application.Documents;
using ConsentFlow.Application.FollowUps;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// The signed-document side of the host: the clinic's seal, the consent templates, the clinic printed on documents,
/// and the services that turn a completed consent into a sealed, archived PDF.
/// </summary>
public static class DocumentServices
{
    public const string SealSection = "ConsentFlow:Seal";
    public const string ClinicSection = "ConsentFlow:Clinic";

    public static IServiceCollection AddConsentDocuments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        HostSettings settings)
    {
        services.AddSingleton(provider => LoadCertificate(configuration, environment, settings, provider.GetRequiredService<ILoggerFactory>()));
        // Loaded on first use; a template folder that fails lint throws here, which start-up logs and every later use reports again.
        services.AddSingleton(_ => ConsentTemplateLibrary.LoadAsync(TemplatesFolder(settings), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(ClinicFrom(configuration));
        services.AddSingleton(provider => new ConsentDocumentGenerator(provider.GetRequiredService<ClinicCertificate>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConsentDocumentService>();
        services.AddSingleton<ConsentTextPreview>();
        services.AddSingleton<CaseDocuments>();
        services.AddSingleton<TaskSubmissions>();
        services.AddFollowUps(configuration.GetSection(FollowUpOptions.Section).Get<FollowUpOptions>() ?? new FollowUpOptions());
        return services;
    }

    public static string TemplatesFolder(HostSettings settings) => Path.Combine(settings.WorkflowsFolder, "consent-templates");

    public static ClinicDetails ClinicFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection(ClinicSection);
        return new ClinicDetails(
            section["Name"] is { Length: > 0 } name ? name : DemoClinic.Details.Name,
            section["Address"] is { Length: > 0 } address ? address : DemoClinic.Details.Address);
    }

    /// <summary>
    /// The configured PFX (<c>ConsentFlow:Seal:PfxPath</c> + <c>:Password</c>); when none is configured, the development
    /// certificate kept in the data folder, so documents sealed yesterday still verify today.
    /// </summary>
    private static ClinicCertificate LoadCertificate(IConfiguration configuration, IHostEnvironment environment, HostSettings settings, ILoggerFactory logging)
    {
        var section = configuration.GetSection(SealSection);
        if (section["PfxPath"] is { Length: > 0 } pfxPath)
            return ClinicCertificate.LoadPfx(Path.GetFullPath(pfxPath, environment.ContentRootPath), section["Password"]);
        if (!environment.IsDevelopment())
            logging.CreateLogger(typeof(DocumentServices)).LogWarning(
                "{Setting} is not set: documents are sealed with the development certificate in the data folder. Configure the clinic's certificate for production.",
                SealSection + ":PfxPath");
        return ClinicCertificate.LoadOrCreateDevelopment(settings.DataFolder);
    }
}
