using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConsentFlow.Engine.Publishing;

public enum ConsentTemplateState { Draft, Published }

/// <summary>
/// One language of a consent template written in the studio: the working draft (version 0, one per template and
/// language) or a published version, which is never changed again.
/// </summary>
public sealed class StoredConsentTemplate
{
    public Guid Id { get; set; }
    public string TemplateId { get; set; } = "";
    public int Version { get; set; }
    public string Language { get; set; } = "";
    public ConsentTemplateState State { get; set; }
    public string Markdown { get; set; } = "";
    public string Sha256 { get; set; } = "";
    /// <summary>The publisher's change note; empty for drafts.</summary>
    public string Note { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}

public sealed class StoredConsentTemplateConfiguration : IEntityTypeConfiguration<StoredConsentTemplate>
{
    public void Configure(EntityTypeBuilder<StoredConsentTemplate> e)
    {
        e.ToTable("ConsentTemplates");
        e.Property(x => x.TemplateId).HasMaxLength(64);
        e.Property(x => x.Language).HasMaxLength(8);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.Note).HasMaxLength(2000);
        e.Property(x => x.CreatedBy).HasMaxLength(128);
        // A published version exists once per language; a second publisher of the same version loses the race.
        e.HasIndex(x => new { x.TemplateId, x.State, x.Version, x.Language }).IsUnique();
    }
}
