using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>How every EF context of the platform (the catalogue's and the web's) stores values the
/// providers differ on; one place, so the two databases cannot drift apart.</summary>
public static class StoreConventions
{
    public static void Apply(ModelConfigurationBuilder configurationBuilder, DatabaseFacade database)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        if (database.IsSqlite())
        {
            // SQLite has no date type and EF cannot order or compare DateTimeOffset there; UTC ticks it can.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
