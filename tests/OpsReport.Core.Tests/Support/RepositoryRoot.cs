namespace OpsReport.Core.Tests.Support;

/// <summary>Finds the repository (the folder holding OpsReport.sln) from the test binaries' folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsReport.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OpsReport.sln above {AppContext.BaseDirectory}.");
    }
}
