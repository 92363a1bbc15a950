using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConsentFlow.Engine.Publishing;

/// <summary>The publishing tables; the context applies them with one call.</summary>
public static class PublicationModel
{
    public static void Configure(ModelBuilder model)
    {
        model.ApplyConfiguration(new DefinitionPublicationConfiguration());
        model.ApplyConfiguration(new PublicationOverrideConfiguration());
    }
}

internal sealed class DefinitionPublicationConfiguration : IEntityTypeConfiguration<DefinitionPublication>
{
    public void Configure(EntityTypeBuilder<DefinitionPublication> e)
    {
        e.ToTable("DefinitionPublications");
        e.Property(x => x.DefinitionId).HasMaxLength(64);
        e.Property(x => x.Note).HasMaxLength(PublicationLimits.NoteLength);
        e.Property(x => x.PublishedBy).HasMaxLength(128);
        e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
    }
}

internal sealed class PublicationOverrideConfiguration : IEntityTypeConfiguration<PublicationOverride>
{
    public void Configure(EntityTypeBuilder<PublicationOverride> e)
    {
        e.ToTable("PublicationOverrides");
        e.Property(x => x.DefinitionId).HasMaxLength(64);
        e.Property(x => x.DraftSha256).HasMaxLength(64);
        e.Property(x => x.Reason).HasMaxLength(PublicationLimits.NoteLength);
        e.Property(x => x.RequestedBy).HasMaxLength(128);
        e.Property(x => x.ApprovedBy).HasMaxLength(128);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.DefinitionId, x.DraftSha256 });
    }
}

public static class PublicationLimits
{
    public const int NoteLength = 2000;
}
