using OpsReport.Web.Cli;

// `dotnet run --project src/OpsReport.Web` with no arguments serves the dashboard (the embedded default);
// the same executable carries the CLI: collect, analyze, report render|send, check.
return await OpsReportCli.RunAsync(args);

/// <summary>Entry point type, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
