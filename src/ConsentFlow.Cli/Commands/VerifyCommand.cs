using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Application.Documents;
using ConsentFlow.Storage.Sqlite;

namespace ConsentFlow.Cli.Commands;

/// <summary>
/// <c>verify FILE.pdf [--db FILE] [--certificate FILE.pfx [--password P]] [--trust FILE|FOLDER]</c>: exit 0 when the
/// clinic's seal is valid and, with a database, the exact bytes are a stored document; exit 1 with the reason otherwise.
/// Either way it reports the seal's PAdES level, certification (DocMDP), timestamp, and whether the sealing certificate
/// chains to a certificate of the trust store (PEM/DER files).
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var file = args.Single("FILE.pdf");
        if (!File.Exists(file)) throw new UsageException($"verify: '{file}' does not exist");
        var database = args.Value("--db");
        if (database is not null && !File.Exists(database)) throw new UsageException($"verify: database '{database}' does not exist");

        var trustPath = args.Value("--trust");
        if (trustPath is not null && !File.Exists(trustPath) && !Directory.Exists(trustPath)) throw new UsageException($"verify: trust store '{trustPath}' does not exist");
        var trustStore = trustPath is null ? null : TrustStore.Load(trustPath);

        using var certificate = LoadCertificate(args.Value("--certificate"), args.Value("--password"), database);
        var pdf = await File.ReadAllBytesAsync(file, cancellationToken);
        DocumentCheck check;
        if (database is null)
        {
            check = await DocumentVerification.CheckAsync(pdf, certificate, archive: null, cancellationToken, trustStore);
        }
        else
        {
            var storage = SqliteStorage.File(database);
            try
            {
                var engine = await ConsentFlowEngine.OpenAsync(storage, clock: null, cancellationToken);
                check = await DocumentVerification.CheckAsync(pdf, certificate, engine.Documents, cancellationToken, trustStore);
            }
            finally
            {
                storage.ReleaseConnections();
            }
        }

        var output = check.Valid ? console.Out : console.Error;
        await output.WriteLineAsync($"{file}: {(check.Valid ? "valid" : "INVALID")}: {check.Reason}");
        foreach (var line in DocumentVerification.Describe(check.Seal))
            await output.WriteLineAsync("  " + line);
        return check.Valid ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>The clinic's certificate: given explicitly, or the development seal kept beside the database.</summary>
    private static ClinicCertificate? LoadCertificate(string? pfx, string? password, string? database)
    {
        if (pfx is not null) return ClinicCertificate.LoadPfx(pfx, password);
        if (database is null) return null;
        var development = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, ClinicCertificate.DevelopmentFileName);
        return File.Exists(development) ? ClinicCertificate.LoadPfx(development, password: null) : null;
    }
}
