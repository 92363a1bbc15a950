using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ConsentFlow.Engine.Storage;

/// <summary>Every timestamp is UTC; SQLite forgets the kind, so it is restored on read. Shared by every context of the app.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
