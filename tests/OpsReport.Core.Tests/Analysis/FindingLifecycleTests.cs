using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Tests.Analysis;

public sealed class FindingLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 3, 0, 0, TimeSpan.Zero);

    private static Finding Open(string subject, FindingKind kind = FindingKind.LogVolume, DateTimeOffset? start = null) =>
        new("prod", kind, subject, start ?? T0.AddDays(-1), null, Severity.Warning, FindingState.Open, "s", "e", new Dictionary<string, double>(), null, T0.AddHours(-1));

    [Fact]
    public void Merge_DetectedAgain_UpdatesTheSameIdentity()
    {
        var merged = FindingLifecycle.Merge([Open("/a")], [Open("/a"), Open("/a")], new HashSet<string> { "prod:LogVolume:/a" }, T0);

        var f = Assert.Single(merged);
        Assert.Equal(T0, f.UpdatedAt);
        Assert.Equal(FindingState.Open, f.State);
    }

    [Fact]
    public void Merge_AssessedAndNoLongerDetected_IsResolved()
    {
        var merged = FindingLifecycle.Merge([Open("/a")], [], new HashSet<string> { "prod:LogVolume:/a" }, T0.AddMinutes(20));

        var f = Assert.Single(merged);
        Assert.Equal(FindingState.Resolved, f.State);
        Assert.Equal(T0, f.End);
    }

    [Fact]
    public void Merge_NotAssessed_IsLeftAsItWas()
    {
        // The series had no data this time: missing is not "back to normal".
        Assert.Empty(FindingLifecycle.Merge([Open("/a")], [], new HashSet<string>(), T0));
    }

    [Fact]
    public void Merge_CoverageGap_KeepsWhenItWasFirstSeen()
    {
        var first = Open("memory-services", FindingKind.Coverage, T0.AddDays(-3));

        var f = Assert.Single(FindingLifecycle.Merge([first], [Open("memory-services", FindingKind.Coverage, T0)], new HashSet<string>(), T0));

        Assert.Equal(T0.AddDays(-3), f.Start);
    }
}
