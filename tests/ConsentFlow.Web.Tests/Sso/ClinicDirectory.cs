namespace ConsentFlow.Web.Tests.Sso;

/// <summary>A person in the clinic's directory at its provider, with the groups the provider puts in their tokens.</summary>
/// <remarks><paramref name="GroupsOnlyAtUserInfo"/>: the provider is set to release this person's groups at userinfo, not in the ID token.</remarks>
public sealed record ClinicPerson(string Subject, string UserName, string Name, string Group, bool GroupsOnlyAtUserInfo = false)
{
    /// <summary>In the group the app maps to its nurse role.</summary>
    public static readonly ClinicPerson Nurse = new("00u-7f3a-nurse", "n.okafor", "Nkechi Okafor", "spine-nurses");

    /// <summary>Has an account at the clinic, but in a group the app has no mapping for.</summary>
    public static readonly ClinicPerson Porter = new("00u-19c2-porter", "p.lindqvist", "Per Lindqvist", "facilities");

    /// <summary>A nurse who left: the clinic disables the local account while the provider still knows her.</summary>
    public static readonly ClinicPerson Leaver = new("00u-4be1-leaver", "a.moreau", "Anne Moreau", "spine-nurses");

    /// <summary>A locum nurse whose contract ends while she is signed in.</summary>
    public static readonly ClinicPerson Locum = new("00u-90d7-locum", "l.haddad", "Layla Haddad", "spine-nurses");

    /// <summary>A surgeon whose groups the provider lists only at its userinfo endpoint, as some providers are set up.</summary>
    public static readonly ClinicPerson Surgeon = new("00u-2c58-surgeon", "k.tanaka", "Kenji Tanaka", "spine-surgeons", GroupsOnlyAtUserInfo: true);

    public static readonly IReadOnlyList<ClinicPerson> All = [Nurse, Porter, Leaver, Locum, Surgeon];
}

/// <summary>The clients registered at the provider, and the provider groups the app's configuration maps to its roles.</summary>
public static class ClinicClients
{
    public const string ConsentFlowId = "consentflow";
    public const string ConsentFlowSecret = "consentflow-secret-for-tests";

    /// <summary>The audience (OpenIddict "resource") of access tokens meant for the ConsentFlow API.</summary>
    public const string ApiAudience = "consentflow-api";

    /// <summary>The EHR interface: a machine client that calls the API with client-credentials tokens.</summary>
    public const string EhrId = "ehr-interface";
    public const string EhrSecret = "ehr-secret-for-tests";
    public const string EhrGroup = "ehr-integration";

    /// <summary>What the clinic's administrator would write under <c>ConsentFlow:Oidc:RoleMap</c>; "facilities" is deliberately absent.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleMap = new Dictionary<string, string>
    {
        [ClinicPerson.Nurse.Group] = "nurse",
        [ClinicPerson.Surgeon.Group] = "surgeon",
        [EhrGroup] = "scheduler",
    };
}
