using Microsoft.AspNetCore.Identity;

namespace ConsentFlow.Identity.Accounts;

/// <summary>One person on the clinic's staff. Documents print <see cref="DisplayName"/> and <see cref="ProfessionalTitle"/>.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>What a signature block prints after the name, e.g. "MD, orthopaedic spine surgeon" or "RN".</summary>
    public string ProfessionalTitle { get; set; } = "";

    /// <summary>A disabled account keeps its history (the journal still resolves its id to a name) but can no longer sign in.</summary>
    public bool Disabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
