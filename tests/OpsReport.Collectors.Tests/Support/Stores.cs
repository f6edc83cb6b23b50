namespace OpsReport.Collectors.Tests.Support;

/// <summary>Assertions over store dumps that name the first difference instead of printing a million rows.</summary>
internal static class Stores
{
    public static void AssertSame(IReadOnlyList<(string Key, long Ts, double Value)> expected, IReadOnlyList<(string Key, long Ts, double Value)> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (expected[i] != actual[i])
                Assert.Fail($"First difference at row {i}: expected {expected[i]}, actual {actual[i]}.");
        }
        Assert.Equal(expected.Count, actual.Count);
    }
}
