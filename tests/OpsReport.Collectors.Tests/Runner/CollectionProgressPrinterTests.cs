using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Runner;

/// <summary>A long pass whose output is a log, not a terminal, still prints a line at least every ten seconds.</summary>
public sealed class CollectionProgressPrinterTests
{
    private static readonly StreamId Latency = new("datadog", "prod", "latency");

    [Fact]
    public void Report_RedirectedOutputAndLongWindows_PrintsALineAtLeastEveryTenSeconds()
    {
        var clock = new ManualTimeProvider(DemoSetup.Now);
        var output = new StringWriter();
        using var printer = new CollectionProgressPrinter(output, isTerminal: false, clock);
        var target = new TimeWindow(DemoSetup.Now.AddDays(-35), DemoSetup.Now);
        var lines = new List<(TimeSpan At, int Lines)>();

        // Five windows of 25 s each: nothing completes for two minutes, yet the log never stays silent for 10 s.
        for (var i = 0; i < 5; i++)
        {
            for (var s = 0; s < 25; s++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                lines.Add((clock.GetUtcNow() - DemoSetup.Now, Lines(output)));
            }
            printer.Report(new CollectionProgress(Latency, new TimeWindow(target.Start.AddDays(7 * i), target.Start.AddDays(7 * (i + 1))), target, i + 1, 5, 1000 * (i + 1), Completed: false));
        }
        printer.Report(new CollectionProgress(Latency, target, target, 5, 5, 5000, Completed: true));

        var text = output.ToString();
        Assert.Contains("still collecting after 10 s: 0 streams done, 0 points written", text);
        Assert.Contains("datadog/prod/latency at", text);
        Assert.EndsWith("5000 points  done" + Environment.NewLine, text);
        // Between any two seconds ten apart, at least one line appeared.
        for (var i = 10; i < lines.Count; i++)
            Assert.True(lines[i].Lines > lines[i - 10].Lines, $"no line between {lines[i - 10].At} and {lines[i].At}");
    }

    [Fact]
    public void Report_StreamsFinishingQuickly_PrintsNoHeartbeat()
    {
        var clock = new ManualTimeProvider(DemoSetup.Now);
        var output = new StringWriter();
        using var printer = new CollectionProgressPrinter(output, isTerminal: false, clock);
        var window = new TimeWindow(DemoSetup.Now.AddHours(-1), DemoSetup.Now);

        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            printer.Report(new CollectionProgress(new StreamId("demo", "prod", "s" + i), window, window, 1, 1, 10, Completed: true));
        }

        Assert.Equal(6, Lines(output));
        Assert.DoesNotContain("still collecting", output.ToString());
    }

    private static int Lines(StringWriter output) => output.ToString().Count(c => c == '\n');
}
