using System.Globalization;
using Microsoft.Extensions.Logging.Console;
using OpsReport.Collectors;
using OpsReport.Core;
using OpsReport.Core.Time;
using OpsReport.Reports;
using OpsReport.Web.Api;
using OpsReport.Web.Cli;
using OpsReport.Web.Pages;

namespace OpsReport.Web.Hosting;

/// <summary>Builds the web host (serve) and the plain host (CLI commands) from the same registrations.</summary>
internal static class OpsReportHost
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplication BuildWeb(string[] args, CliSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the binary; ./data and dashboards/ stay relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, settings);
        if (settings.Urls is not null)
            builder.WebHost.UseUrls(settings.Urls);
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.AddOpsReportSecurity();
        // Kestrel's "address already in use" is logged with its stack trace before it is thrown; `serve` says it in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services.AddOpsReportWeb();
        builder.Services.AddOpsReportBackgroundWork();
        builder.Services.AddOpsReportReportScheduler();

        var app = builder.Build();
        app.UseOpsReportSecurity();
        app.UseOpsReportErrorPages();
        app.UseStaticFiles();
        app.MapOpsReportApi();
        app.MapOpsReportDeployApi();
        app.MapOpsReportPages();
        app.MapOpsReportReports();
        return app;
    }

    public static IHost BuildCli(CliSettings settings)
    {
        // Not Host.CreateApplicationBuilder: its defaults (configuration files watched for changes, the Debug and
        // EventSource loggers, command-line configuration) cost a short CLI process such as `report render` a tenth of
        // its start-up and serve nothing here. The same sources in the same order: appsettings.json and
        // appsettings.{DOTNET_ENVIRONMENT}.json beside the binary, then environment variables.
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } named ? named : Environments.Production;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = environment,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();
        StartupPhases.Mark("host builder created (configuration read)");
        // Commands print their own progress and summary; info logs would only be noise (layered last, so it wins over appsettings).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = settings.Verbose ? "Information" : "Warning",
            // `collect` prints each failed stream as one line; the runner's stack traces are for --verbose.
            ["Logging:LogLevel:OpsReport.Collectors.Runner.CollectionRunner"] = settings.Verbose ? "Information" : "Error",
        });
        // stdout belongs to the command's output (e.g. the JSON array of analyze --format json); logs go to stderr.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        Configure(builder, settings);
        StartupPhases.Mark("services registered");
        return builder.Build().StartTelemetry();
    }

    private static void Configure(IHostApplicationBuilder builder, CliSettings settings)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.DataDir is not null)
            overrides["OpsReport:DataDir"] = settings.DataDir;
        if (settings.ConfigFile is not null)
            builder.Configuration.AddJsonFile(Path.GetFullPath(settings.ConfigFile), optional: false, reloadOnChange: false);
        builder.Configuration.AddInMemoryCollection(overrides);
        CliRunner.StoreFile = Path.GetFullPath(Path.Combine(builder.Configuration["OpsReport:DataDir"] ?? "./data", "opsreport.db"));

        if (Environment.GetEnvironmentVariable(FixedTimeProvider.EnvironmentVariable) is { Length: > 0 } fixedNow)
        {
            if (!DateTimeOffset.TryParse(fixedNow, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
                throw new FormatException($"{FixedTimeProvider.EnvironmentVariable} '{fixedNow}' is not an ISO 8601 time; expected e.g. 2026-11-22T09:00:00Z.");
            builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(now));
        }

        builder.Services.AddOpsReportCore(builder.Configuration);
        builder.Services.AddOpsReportCollectors();
        builder.Services.AddOpsReportReports();
        builder.AddOpsReportTelemetry();
        builder.Services.AddOpsReportApiTokens();
    }
}

/// <summary>Options every command accepts.</summary>
internal sealed record CliSettings(string? DataDir, string? ConfigFile, string? Urls = null, bool Verbose = false);
