namespace OpsReport.Web.Tests.Support;

/// <summary>Browser test classes share one server and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserAppCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "browser app";
}
