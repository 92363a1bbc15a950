using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Kiosk;
using ConsentFlow.Identity.Preferences;
using ConsentFlow.Engine.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Storage;

/// <summary>
/// Accounts, roles, API keys, kiosk sessions and the audit trail, in the same database as the workflows but in their
/// own context and migration history, so the engine's model knows nothing of people's credentials. The web host's
/// data-protection keys live here too, so every app node reads the cookies and antiforgery tokens of the others.
/// </summary>
public sealed class IdentityStoreContext(DbContextOptions<IdentityStoreContext> options) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__IdentityMigrationsHistory";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<KioskSession> KioskSessions => Set<KioskSession>();
    public DbSet<PatientCopyLink> PatientCopyLinks => Set<PatientCopyLink>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.ApplyConfiguration(new UserPreferenceConfiguration());
        model.ApplyConfiguration(new PatientCopyLinkConfiguration());
        model.Entity<StaffUser>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.ProfessionalTitle).HasMaxLength(200);
        });
        model.Entity<ApiKey>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Prefix).HasMaxLength(32);
            e.Property(x => x.SecretSha256).HasMaxLength(64);
            e.Property(x => x.Scopes).HasMaxLength(100);
            e.Property(x => x.CreatedBy).HasMaxLength(450);
            e.HasIndex(x => x.Prefix).IsUnique();
            e.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<KioskSession>(e =>
        {
            e.Property(x => x.StartedByUserId).HasMaxLength(450);
            e.Property(x => x.EndedBy).HasMaxLength(450);
            e.Property(x => x.ExitPinHash).HasMaxLength(200);
            e.Property(x => x.InterpreterJson).HasMaxLength(2000);
            e.HasIndex(x => x.InstanceId);
        });
        model.Entity<AuditEvent>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.ActorId).HasMaxLength(450);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.HasIndex(x => new { x.InstanceId, x.AtUtc });
            e.HasIndex(x => new { x.ActorId, x.AtUtc });
            e.HasIndex(x => new { x.Category, x.AtUtc });
        });
    }
}
