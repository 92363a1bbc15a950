using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Storage;

/// <summary>Patients and the board's read model; kept beside the context so the model's main file changes by two lines.</summary>
internal static class WorklistModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Patient>(e =>
        {
            e.ToTable("Patients");
            e.Property(x => x.MrnSystem).HasMaxLength(200);
            e.Property(x => x.Mrn).HasMaxLength(64);
            e.Property(x => x.FamilyName).HasMaxLength(200);
            e.Property(x => x.GivenName).HasMaxLength(200);
            e.Property(x => x.Sex).HasMaxLength(16);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.MrnSystem, x.Mrn }).IsUnique();
        });
        model.Entity<PatientCase>(e =>
        {
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<CaseReadinessRow>(e =>
        {
            e.ToTable("CaseReadiness");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.SortKey).HasMaxLength(64);
            e.Property(x => x.TimeZoneId).HasMaxLength(64);
            e.Property(x => x.Procedure).HasMaxLength(200);
            e.Property(x => x.Level).HasMaxLength(16);
            e.Property(x => x.Side).HasMaxLength(16);
            e.Property(x => x.Approach).HasMaxLength(64);
            e.Property(x => x.Surgeon).HasMaxLength(200);
            e.Property(x => x.SedationPlan).HasMaxLength(64);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.Mrn).HasMaxLength(64);
            e.Property(x => x.FamilyName).HasMaxLength(200);
            e.Property(x => x.GivenName).HasMaxLength(200);
            e.Property(x => x.FamilyNameKey).HasMaxLength(200);
            e.Property(x => x.GivenNameKey).HasMaxLength(200);
            e.Property(x => x.Sex).HasMaxLength(16);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.InstanceStatus).HasMaxLength(32);
            e.Property(x => x.Phase).HasMaxLength(64);
            e.Property(x => x.OpenRoles).HasMaxLength(200);
            e.HasOne<WorkflowInstance>().WithOne().HasForeignKey<CaseReadinessRow>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            // The board walks a date range in start order (keyset on SortKey) and counts states over it, filtered by surgeon
            // or open-task role: one index covers all of it, so counting a week of a large clinic never reads the rows.
            e.HasIndex(x => new { x.SortKey, x.State, x.Surgeon, x.OpenRoles });
            e.HasIndex(x => new { x.Surgeon, x.SortKey });
            // Search: an MRN or a name prefix seeks its index, and the date range is checked in the index before a row is read.
            e.HasIndex(x => new { x.Mrn, x.SortKey });
            e.HasIndex(x => new { x.FamilyNameKey, x.SortKey });
            e.HasIndex(x => new { x.GivenNameKey, x.SortKey });
            e.HasIndex(x => x.PatientId);
        });
    }
}
