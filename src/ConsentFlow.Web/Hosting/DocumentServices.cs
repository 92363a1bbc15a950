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
        services.AddHttpClient(nameof(TimestampAuthority), client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(provider => LoadCertificate(configuration, environment, settings, provider.GetRequiredService<ILoggerFactory>()));
        // Loaded on first use; a template folder that fails lint throws here, which start-up logs and every later use reports again.
        services.AddSingleton(_ => ConsentTemplateLibrary.LoadAsync(TemplatesFolder(settings), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(ClinicFrom(configuration));
        services.AddSingleton(provider => new ConsentDocumentGenerator(provider.GetRequiredService<ClinicCertificate>(), provider.GetRequiredService<TimeProvider>(),
            TimestampAuthorityFrom(configuration, provider)));
        services.AddSingleton(new SealTrust(TrustStoreFrom(configuration, environment)));
        services.AddSingleton<ConsentDocumentService>();
        services.AddSingleton<ConsentTextPreview>();
        services.AddSingleton<PatientCopies>();
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
            section["Address"] is { Length: > 0 } address ? address : DemoClinic.Details.Address,
            configuration["ConsentFlow:PublicBaseUrl"] is { Length: > 0 } publicUrl ? publicUrl : null);
    }

    /// <summary><c>ConsentFlow:Seal:TimestampUrl</c>: an RFC 3161 authority; when set every seal is timestamped (PAdES B-T).</summary>
    private static TimestampAuthority? TimestampAuthorityFrom(IConfiguration configuration, IServiceProvider provider) =>
        configuration[SealSection + ":TimestampUrl"] is { Length: > 0 } url
            ? new TimestampAuthority(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TimestampAuthority)), new Uri(url))
            : null;

    /// <summary><c>ConsentFlow:Seal:TrustStore</c>: a PEM/DER file or a folder of them that verification checks the seal's chain against.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustStoreFrom(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[SealSection + ":TrustStore"] is { Length: > 0 } path ? TrustStore.Load(Path.GetFullPath(path, environment.ContentRootPath)) : null;

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

/// <summary>The certificates document verification checks a seal's chain against; empty when none is configured.</summary>
public sealed record SealTrust(System.Security.Cryptography.X509Certificates.X509Certificate2Collection? Roots);
