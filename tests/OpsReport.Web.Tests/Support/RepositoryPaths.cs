namespace OpsReport.Web.Tests.Support;

/// <summary>Locates the repository from the test binaries, so tests use the real dashboards/ definitions.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dashboards => Path.Combine(Root, "dashboards");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsReport.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("OpsReport.sln not found above " + AppContext.BaseDirectory);
    }
}
