using Npgsql;

namespace OpsReport.Core.Configuration;

/// <summary>Checks <c>OpsReport:Store</c>; never repeats the connection string, which may hold a password.</summary>
public static class StoreOptionsValidator
{
    public static IEnumerable<string> Errors(StoreOptions store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Provider is not ("Sqlite" or "Postgres"))
            yield return $"{key}:Provider: '{store.Provider}' is not a store; expected Sqlite (default) or Postgres.";
        if (store.Provider == "Postgres")
        {
            if (string.IsNullOrWhiteSpace(store.ConnectionString))
            {
                yield return $"{key}:ConnectionString: required when {key}:Provider is Postgres; set it with the environment variable OpsReport__Store__ConnectionString, e.g. Host=db;Database=opsreport;Username=opsreport;Password=….";
            }
            else if (ParseError(store.ConnectionString) is { } error)
            {
                yield return $"{key}:ConnectionString: {error}";
            }
        }
        if (store.LeaseDuration < TimeSpan.FromSeconds(2) || store.LeaseDuration > TimeSpan.FromHours(1))
            yield return $"{key}:LeaseDuration: {store.LeaseDuration} is out of range; expected 00:00:02 to 01:00:00 (default 00:01:00).";
    }

    private static string? ParseError(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message names the offending keyword, not its value.
            return $"not a PostgreSQL connection string ({e.Message.ReplaceLineEndings(" ")}); expected Host=…;Database=…;Username=…;Password=….";
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            return "names no Host; expected Host=…;Database=…;Username=…;Password=….";
        if (string.IsNullOrWhiteSpace(builder.Database))
            return "names no Database; expected Host=…;Database=…;Username=…;Password=….";
        return null;
    }
}
