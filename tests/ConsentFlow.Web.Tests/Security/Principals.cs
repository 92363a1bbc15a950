using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>Everyone the access policy speaks of, each as a real client: signed-in staff, a locked tablet, EHR keys, nobody.</summary>
public sealed class Principals
{
    public const string Anonymous = "anonymous";
    public const string Kiosk = "kiosk";
    public const string ReadKey = "key:read";
    public const string WriteKey = "key:write";
    public const string DocumentsKey = "key:documents";

    public static readonly string[] All =
    [
        Anonymous, CaseDriver.Nurse, CaseDriver.Surgeon, CaseDriver.Anesthesiologist, CaseDriver.Scheduler, CaseDriver.Administrator,
        Kiosk, ReadKey, WriteKey, DocumentsKey,
    ];

    private readonly Dictionary<string, ApiClient> _clients = [];

    private Principals() { }

    public ApiClient this[string name] => _clients[name];

    /// <summary>Signs everyone in; the tablet is locked to <paramref name="kioskCase"/>, the keys belong to the nurse's account.</summary>
    public static async Task<Principals> SignInAsync(RunningApp app, CaseDriver kioskCase)
    {
        var principals = new Principals();
        principals._clients[Anonymous] = app.Anonymous();
        foreach (var user in new[] { CaseDriver.Nurse, CaseDriver.Surgeon, CaseDriver.Anesthesiologist, CaseDriver.Scheduler, CaseDriver.Administrator })
            principals._clients[user] = await app.ClientAsync(user);
        principals._clients[Kiosk] = await kioskCase.TabletAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        foreach (var (name, scope) in new[] { (ReadKey, ApiKeyScopes.Read), (WriteKey, ApiKeyScopes.Write), (DocumentsKey, ApiKeyScopes.Documents) })
        {
            var created = await keys.CreateAsync(CaseDriver.Nurse, [scope], $"matrix {scope}", "tests", CancellationToken.None);
            principals._clients[name] = ApiClient.WithApiKey(app.BaseAddress, created.Key);
        }
        return principals;
    }
}
