using ConsentFlow.Identity.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConsentFlow.Identity.Preferences;

internal sealed class UserPreferenceConfiguration : IEntityTypeConfiguration<UserPreference>
{
    public const int MaxValueLength = 2000;

    public void Configure(EntityTypeBuilder<UserPreference> e)
    {
        e.ToTable("UserPreferences");
        e.HasKey(x => new { x.UserId, x.Key });
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Key).HasMaxLength(64);
        e.Property(x => x.Value).HasMaxLength(MaxValueLength);
        // An account removed takes its preferences with it.
        e.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
