namespace OpsReport.Collectors.Tests.Support;

/// <summary>Assertions over store dumps that name the first difference instead of printing a million rows.</summary>
internal static class Stores
{
    public static void AssertSame(IReadOnlyList<(string Key, long Ts, double Value)> expected, IReadOnlyList<(string Key, long Ts, double Value)> actual)
    {
        // Two empty stores are "the same" too: every comparison this helper makes is of stores a collection filled.
        Assert.NotEmpty(expected);
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (expected[i] != actual[i])
                Assert.Fail($"First difference at row {i}: expected {expected[i]}, actual {actual[i]}.");
        }
        Assert.Equal(expected.Count, actual.Count);
    }
}
