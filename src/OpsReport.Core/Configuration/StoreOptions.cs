namespace OpsReport.Core.Configuration;

/// <summary>Where series, runs, findings and the outbox live: the embedded SQLite file, or a PostgreSQL database shared by several instances.</summary>
public sealed class StoreOptions
{
    /// <summary><c>Sqlite</c> (default: <c>DataDir/opsreport.db</c>) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// With <c>Postgres</c>: an Npgsql connection string (<c>Host=…;Port=5432;Database=opsreport;Username=…;Password=…</c>),
    /// best given by the environment variable <c>OpsReport__Store__ConnectionString</c>. Its password is never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a lease on a collection stream or an analysed environment lasts without renewal: after this, a crashed
    /// holder's work is taken over by another instance. Renewed every third of it while held.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Names this instance in leases and run records (default: the host name); the process id is added.</summary>
    public string? InstanceName { get; set; }
}
