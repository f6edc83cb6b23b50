using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core;
using OpsReport.Core.Storage;

namespace OpsReport.Reports.Tests.Support;

/// <summary>
/// The real services (Core + Reports) over a seeded SQLite store in a fresh temporary data folder, with a manual clock.
/// Configuration goes through the same binding as the host's, so keys are spelled as in appsettings.json.
/// </summary>
public sealed class ReportTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsDataDir;

    private ReportTestHost(string dataDir, bool ownsDataDir, ServiceProvider services, ManualTimeProvider clock, SqliteMetricStore store)
    {
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        _services = services;
        Clock = clock;
        Store = store;
    }

    public string DataDir { get; }

    public ManualTimeProvider Clock { get; }

    public SqliteMetricStore Store { get; }

    public string Outbox => Path.Combine(DataDir, "outbox");

    /// <param name="dataDir">An existing data folder to open again (a restart); the caller deletes it. Default: a fresh one.</param>
    /// <param name="now">The clock's start; default <see cref="WeeklyDataset.Now"/>.</param>
    /// <param name="configure">Extra registrations (e.g. a raw email sender), applied last.</param>
    public static async Task<ReportTestHost> CreateAsync(IDictionary<string, string?>? settings = null, bool seed = true, string? dataDir = null, DateTimeOffset? now = null,
        Action<IServiceCollection>? configure = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= NewDataDir();
        Directory.CreateDirectory(dataDir);
        var values = new Dictionary<string, string?>
        {
            ["OpsReport:DataDir"] = dataDir,
            ["OpsReport:TimeZone"] = WeeklyDataset.Zone,
            ["OpsReport:Product"] = "Acme Cloud",
            ["OpsReport:BaseUrl"] = "https://opsreport.example.com/",
            ["OpsReport:DashboardsDir"] = Path.Combine(RepositoryRoot.Find(), "dashboards"),
            ["OpsReport:Environments:0:Name"] = "prod",
            ["OpsReport:Environments:1:Name"] = "staging",
            ["OpsReport:Demo:Enabled"] = "false",
            ["OpsReport:Email:From"] = "OpsReport <opsreport@example.com>",
            ["OpsReport:Email:To:0"] = "PM Team <pm@example.com>",
            ["OpsReport:Email:To:1"] = "cs@example.com",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var store = new SqliteMetricStore(Path.Combine(dataDir, "opsreport.db"));
        await store.InitializeAsync();
        if (seed)
            await WeeklyDataset.SeedAsync(store);

        var clock = new ManualTimeProvider(now ?? WeeklyDataset.Now);
        var collection = new ServiceCollection()
            .AddOpsReportCore(configuration)
            .AddOpsReportReports()
            .AddSingleton<IMetricStore>(store)
            .AddSingleton<TimeProvider>(clock);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new ReportTestHost(dataDir, ownsDataDir, services, clock, store);
    }

    public static string NewDataDir() => Path.Combine(Path.GetTempPath(), "opsreport-reports-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A dashboards folder with the repository's definitions plus <paramref name="extra"/> (file name, YAML), under <paramref name="parent"/>.</summary>
    public static string DashboardsWith(string parent, params (string File, string Yaml)[] extra)
    {
        var folder = Path.Combine(parent, "dashboards-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "dashboards"), "*.yaml"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        foreach (var (file, yaml) in extra)
            File.WriteAllText(Path.Combine(folder, file), yaml);
        return folder;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public string TempFile(string name) => Path.Combine(DataDir, name);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        // Pooled connections keep the database file open.
        SqliteConnection.ClearAllPools();
        if (_ownsDataDir && Directory.Exists(DataDir))
            Directory.Delete(DataDir, recursive: true);
    }
}
