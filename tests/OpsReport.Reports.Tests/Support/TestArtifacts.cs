namespace OpsReport.Reports.Tests.Support;

/// <summary>Copies a rendered file to <c>$OPSREPORT_TEST_ARTIFACTS</c> when set, so a person can look at what the tests produced.</summary>
public static class TestArtifacts
{
    public static void Keep(string path, string name)
    {
        var folder = Environment.GetEnvironmentVariable("OPSREPORT_TEST_ARTIFACTS");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        File.Copy(path, Path.Combine(folder, name), overwrite: true);
    }
}
