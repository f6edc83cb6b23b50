using System.Text.Json;

namespace OpsReport.Reports.Tests.Support;

/// <summary>An .eml as Python's email package sees it (Tools/parse_eml.py), so our MIME output is checked by someone else's parser.</summary>
public sealed record EmlFile(string Subject, string From, IReadOnlyList<string> To, string ContentType, string? Plain, string? Html,
    IReadOnlyList<EmlAttachment> Attachments, IReadOnlyList<string> Defects, IReadOnlyList<string>? Cc = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static EmlFile Parse(string path)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Tools", "parse_eml.py");
        var json = ExternalTool.Run(ExternalTool.Python, script, path);
        return JsonSerializer.Deserialize<EmlFile>(json, Json) ?? throw new InvalidOperationException("parse_eml.py printed nothing.");
    }
}

/// <summary>One attachment of a parsed .eml.</summary>
public sealed record EmlAttachment(string? Filename, string ContentType, long Size, string Sha256);
