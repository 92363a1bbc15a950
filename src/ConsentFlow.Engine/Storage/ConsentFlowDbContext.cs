using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Storage;

public sealed class ConsentFlowDbContext(DbContextOptions<ConsentFlowDbContext> options) : DbContext(options)
{
    public DbSet<PatientCase> Cases => Set<PatientCase>();
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();
    public DbSet<ExecutionToken> Tokens => Set<ExecutionToken>();
    public DbSet<WorkTask> Tasks => Set<WorkTask>();
    public DbSet<ScheduledTimer> Timers => Set<ScheduledTimer>();
    public DbSet<HardStop> HardStops => Set<HardStop>();
    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<JournalStream> JournalStreams => Set<JournalStream>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<StoredDefinition> Definitions => Set<StoredDefinition>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<FollowUpItem> FollowUps => Set<FollowUpItem>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<CaseReadinessRow> CaseReadiness => Set<CaseReadinessRow>();
    public DbSet<Publishing.StoredConsentTemplate> ConsentTemplates => Set<Publishing.StoredConsentTemplate>();

    /// <summary>Set by group commit while a unit of work saves inside its shared transaction; null: SaveChanges as usual.</summary>
    internal ChangeWriter? Writer { get; set; }

    /// <summary>The statements of the coming save, planned outside the write lock by group commit; null: planned at the save.</summary>
    internal ChangePlan? PlannedChanges { get; set; }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Writer is { } writer ? writer.WriteAsync(this, acceptAllChangesOnSuccess, cancellationToken) : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

    private const int IdLength = 64;
    private const int NameLength = 200;

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every timestamp is UTC; SQLite forgets the kind, so it is restored on read.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<PatientCase>(e =>
        {
            e.Property(x => x.Mrn).HasMaxLength(IdLength);
            e.Property(x => x.FamilyName).HasMaxLength(NameLength);
            e.Property(x => x.GivenName).HasMaxLength(NameLength);
            e.Property(x => x.Sex).HasMaxLength(16);
            e.Property(x => x.Procedure).HasMaxLength(NameLength);
            e.Property(x => x.Cpt).HasMaxLength(16);
            e.Property(x => x.Level).HasMaxLength(16);
            e.Property(x => x.Side).HasMaxLength(16);
            e.Property(x => x.Approach).HasMaxLength(IdLength);
            e.Property(x => x.Surgeon).HasMaxLength(NameLength);
            e.Property(x => x.SedationPlan).HasMaxLength(IdLength);
            e.Property(x => x.TimeZoneId).HasMaxLength(IdLength);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Mrn);
        });
        model.Entity<WorkflowInstance>(e =>
        {
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<PatientCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Status, x.CaseId });
        });
        model.Entity<ExecutionToken>(e =>
        {
            e.Property(x => x.StepId).HasMaxLength(IdLength);
            e.Property(x => x.Path).HasMaxLength(IdLength);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        model.Entity<WorkTask>(e =>
        {
            e.Property(x => x.StepId).HasMaxLength(IdLength);
            e.Property(x => x.Roles).HasMaxLength(NameLength);
            e.Property(x => x.FormId).HasMaxLength(IdLength);
            e.Property(x => x.SignerRole).HasMaxLength(32);
            e.Property(x => x.CompletedBy).HasMaxLength(128);
            e.Property(x => x.CompletedByRole).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.Roles });
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        model.Entity<ScheduledTimer>(e =>
        {
            e.Property(x => x.LeaseOwner).HasMaxLength(IdLength);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.DueAtUtc });
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        model.Entity<HardStop>(e =>
        {
            e.Property(x => x.StepId).HasMaxLength(IdLength);
            e.Property(x => x.RuleId).HasMaxLength(IdLength);
            e.Property(x => x.OverriddenBy).HasMaxLength(128);
            e.Property(x => x.OverrideReason).HasMaxLength(2000);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        model.Entity<ConsentRecord>(e =>
        {
            e.Property(x => x.StepId).HasMaxLength(IdLength);
            e.Property(x => x.Path).HasMaxLength(IdLength);
            e.Property(x => x.InactiveReason).HasMaxLength(400);
            e.Property(x => x.JournalHashAtSigning).HasMaxLength(IdLength);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        model.Entity<JournalEntry>(e =>
        {
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Stream).HasMaxLength(IdLength);
            e.Property(x => x.StepId).HasMaxLength(IdLength);
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.Action).HasMaxLength(IdLength);
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.PreviousHash).HasMaxLength(IdLength);
            e.Property(x => x.Hash).HasMaxLength(IdLength);
            // No foreign key: the journal outlives anything it describes and is never cascaded away.
            e.HasIndex(x => new { x.Stream, x.Position }).IsUnique();
            e.HasIndex(x => x.InstanceId);
        });
        model.Entity<JournalStream>(e =>
        {
            e.HasKey(x => x.Stream);
            e.Property(x => x.Stream).HasMaxLength(IdLength);
            e.Property(x => x.HeadHash).HasMaxLength(IdLength);
            e.Property(x => x.Count).IsConcurrencyToken();
        });
        model.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(128);
            e.Property(x => x.RequestHash).HasMaxLength(IdLength);
        });
        model.Entity<StoredDefinition>(e =>
        {
            e.Property(x => x.DefinitionId).HasMaxLength(IdLength);
            e.Property(x => x.Sha256).HasMaxLength(IdLength);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.HasIndex(x => new { x.DefinitionId, x.State, x.Version }).IsUnique();
        });
        model.Entity<StoredDocument>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.Sha256).HasMaxLength(IdLength);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.Sha256);
            e.HasIndex(x => new { x.InstanceId, x.Kind, x.Version }).IsUnique();
        });
        model.Entity<FollowUpItem>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(IdLength);
            e.Property(x => x.LeaseOwner).HasMaxLength(IdLength);
            e.Property(x => x.LastError).HasMaxLength(NameLength);
            // No foreign key: the outbox row must survive whatever happens to the instance until its work is done.
            e.HasIndex(x => new { x.Status, x.NextAttemptAtUtc });
            e.HasIndex(x => new { x.Kind, x.SubjectId });
        });
        WorklistModel.Configure(model);
        model.ApplyConfiguration(new Publishing.DraftRevisionConfiguration());
        Publishing.PublicationModel.Configure(model);
        model.ApplyConfiguration(new Publishing.StoredConsentTemplateConfiguration());
    }
}
