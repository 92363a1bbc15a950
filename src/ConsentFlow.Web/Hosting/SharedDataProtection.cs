using ConsentFlow.Identity.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// Cookies, antiforgery tokens and Blazor circuits are protected with keys every app node must share: they live in
/// the database (identity store), not in a folder of one machine, so a node restarted or added reads what another issued.
/// </summary>
public static class SharedDataProtection
{
    /// <summary>One name for every node: by default the name is derived from the content root, which differs between machines.</summary>
    public const string ApplicationName = "ConsentFlow";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<IdentityStoreContext>();
        return services;
    }
}
