namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>Files of the repository (the folder holding OpsReport.sln), found from the test binaries' folder.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsReport.sln")))
                    return dir.FullName;
            }
            throw new InvalidOperationException($"No OpsReport.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string Dashboards => Path.Combine(Root, "dashboards");
}
