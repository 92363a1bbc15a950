namespace ConsentFlow.Identity.Accounts;

/// <summary>A staff account as an operator sees it; never includes secrets.</summary>
public sealed record StaffAccount(string Id, string UserName, string DisplayName, string ProfessionalTitle, IReadOnlyList<string> Roles, bool Disabled,
    bool HasPassword, DateTime CreatedAtUtc)
{
    /// <summary>The name a signature block or journal view prints: "Dr. Maya Okafor, MD".</summary>
    public string PrintedName => ProfessionalTitle.Length == 0 ? DisplayName : $"{DisplayName}, {ProfessionalTitle}";
}

/// <summary>What an operator gives to create an account.</summary>
public sealed record NewStaffAccount(string UserName, string DisplayName, string ProfessionalTitle, IReadOnlyList<string> Roles, string? Password);
