using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Support;

/// <summary>A runner over real sources and a real store, as AddOpsReportCollectors wires it.</summary>
internal static class RunnerSetup
{
    public static CollectionRunner Runner(IMetricStore store, TimeProvider time, OpsReportOptions options, params ISource[] sources) =>
        new(sources, store, new EnvironmentCatalog(options), DemoSetup.Wrap(options), time, NullLogger<CollectionRunner>.Instance);
}
