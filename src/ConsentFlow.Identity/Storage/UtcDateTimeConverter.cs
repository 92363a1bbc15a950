using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ConsentFlow.Identity.Storage;

/// <summary>Every timestamp is UTC; SQLite forgets the kind, so it is restored on read.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
