namespace OpsReport.Web.Tests.Support;

/// <summary>Test classes in this collection share one <see cref="DemoAppFactory"/> (one demo backfill for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class DemoAppCollection : ICollectionFixture<DemoAppFactory>
{
    public const string Name = "demo app";
}
