using System.Globalization;

namespace OpsReport.Core.Tests.Support;

/// <summary>Short UTC instants for readable tests: <c>Utc.At("2026-11-16T00:00Z")</c>.</summary>
public static class Utc
{
    public static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
