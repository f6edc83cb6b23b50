namespace OpsReport.Web.Tests.Support;

/// <summary>A data folder filled once by a real <c>collect</c> run of the CLI on the embedded default, at a fixed clock.</summary>
public sealed class DemoStoreFixture : IAsyncLifetime
{
    public const string FixedNow = "2026-11-22T00:30:00Z";

    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public string DataDir => Path.Combine(_dir.Path, "data");

    internal CliProcess Cli() => new CliProcess(Root).With("OPSREPORT_FIXED_NOW", FixedNow);

    public async Task InitializeAsync()
    {
        var result = await Cli().RunAsync("collect", "--data-dir", DataDir);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("collect failed: " + result);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
