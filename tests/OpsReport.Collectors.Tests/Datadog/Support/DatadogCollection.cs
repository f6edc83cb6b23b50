namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>Datadog tests share the demo data; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DatadogCollection : ICollectionFixture<DatadogDemoFixture>
{
    public const string Name = "datadog";
}
