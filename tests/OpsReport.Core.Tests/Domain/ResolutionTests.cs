using OpsReport.Core.Domain;

namespace OpsReport.Core.Tests.Domain;

public sealed class ResolutionTests
{
    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86_400)]
    [InlineData("1w", 604_800)]
    [InlineData("60s", 60)]
    public void Parse_KnownForms_GivesSecondsAndRoundTrips(string text, int seconds)
    {
        var resolution = Resolution.Parse(text);

        Assert.Equal(seconds, resolution.Seconds);
        Assert.Equal(text, resolution.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("1m")]
    [InlineData("2h")]
    public void Parse_UnknownForm_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Resolution.Parse(text));
    }
}
