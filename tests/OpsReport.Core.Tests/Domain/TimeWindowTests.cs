using OpsReport.Core.Domain;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Domain;

public sealed class TimeWindowTests
{
    [Fact]
    public void Contains_IsHalfOpen_StartInEndOut()
    {
        var window = new TimeWindow(Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-16T02:00Z"));

        Assert.True(window.Contains(Utc.At("2026-11-16T00:00Z")));
        Assert.True(window.Contains(Utc.At("2026-11-16T01:59:59Z")));
        Assert.False(window.Contains(Utc.At("2026-11-16T02:00Z")));
        Assert.False(window.Contains(Utc.At("2026-11-15T23:59:59Z")));
    }

    [Fact]
    public void Constructor_EndBeforeStart_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new TimeWindow(Utc.At("2026-11-16T02:00Z"), Utc.At("2026-11-16T01:00Z")));
    }

    [Fact]
    public void Constructor_OffsetInstants_StoresThemAsUtc()
    {
        var tokyoMidnight = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.FromHours(9));

        var window = new TimeWindow(tokyoMidnight, tokyoMidnight.AddDays(1));

        Assert.Equal(TimeSpan.Zero, window.Start.Offset);
        Assert.Equal(Utc.At("2026-11-15T15:00Z"), window.Start);
        Assert.Equal("2026-11-15T15:00:00Z/2026-11-16T15:00:00Z", window.ToString());
    }

    [Fact]
    public void Chunk_DurationNotAMultiple_LastChunkIsShorterAndChunksTile()
    {
        var window = new TimeWindow(Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-16T05:00Z"));

        var chunks = window.Chunk(TimeSpan.FromHours(2)).ToList();

        Assert.Equal(
        [
            new TimeWindow(Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-16T02:00Z")),
            new TimeWindow(Utc.At("2026-11-16T02:00Z"), Utc.At("2026-11-16T04:00Z")),
            new TimeWindow(Utc.At("2026-11-16T04:00Z"), Utc.At("2026-11-16T05:00Z")),
        ], chunks);
    }

    [Fact]
    public void Chunk_EmptyWindow_GivesNoChunks()
    {
        var t = Utc.At("2026-11-16T00:00Z");

        Assert.Empty(new TimeWindow(t, t).Chunk(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void FloorToHour_OffsetInstant_GivesUtcHourStart()
    {
        var t = new DateTimeOffset(2026, 11, 16, 9, 42, 17, TimeSpan.FromHours(9));

        Assert.Equal(Utc.At("2026-11-16T00:00Z"), TimeWindow.FloorToHour(t));
    }

    [Fact]
    public void Shift_MinusAWeek_MovesBothEnds()
    {
        var window = new TimeWindow(Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-17T00:00Z"));

        var earlier = window.Shift(TimeSpan.FromDays(-7));

        Assert.Equal(new TimeWindow(Utc.At("2026-11-09T00:00Z"), Utc.At("2026-11-10T00:00Z")), earlier);
    }
}
