using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConsentFlow.Identity.Kiosk;

/// <summary>
/// A one-time link to the patient's copy of their signed consent, offered on the tablet after signing. Only the
/// SHA-256 of its random token is kept; the URL names nothing but the token, and it works once, for a short time.
/// </summary>
public sealed class PatientCopyLink
{
    public Guid Id { get; set; }
    public string TokenSha256 { get; set; } = "";
    public Guid InstanceId { get; set; }
    public Guid KioskSessionId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? UsedAtUtc { get; set; }
}

public sealed class PatientCopyLinkConfiguration : IEntityTypeConfiguration<PatientCopyLink>
{
    public void Configure(EntityTypeBuilder<PatientCopyLink> link)
    {
        link.Property(x => x.TokenSha256).HasMaxLength(64);
        link.HasIndex(x => x.TokenSha256).IsUnique();
        link.HasIndex(x => x.InstanceId);
    }
}
