using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConsentFlow.Engine.Publishing;

/// <summary>The draft revisions table: one row per save, numbered per definition and administrator.</summary>
internal sealed class DraftRevisionConfiguration : IEntityTypeConfiguration<DraftRevision>
{
    public void Configure(EntityTypeBuilder<DraftRevision> e)
    {
        e.ToTable("DraftRevisions");
        e.Property(x => x.DefinitionId).HasMaxLength(64);
        e.Property(x => x.Owner).HasMaxLength(128);
        e.Property(x => x.Sha256).HasMaxLength(64);
        // Two saves racing for the same number: the second fails on this index and retries with the next number.
        e.HasIndex(x => new { x.Owner, x.DefinitionId, x.Revision }).IsUnique();
    }
}
