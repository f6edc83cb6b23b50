using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// <c>GET /api/v2/events</c> as Datadog's API reference describes it: <c>filter[query]</c> (space-separated terms, all must
/// match: <c>key:value</c> against the tags, <c>tags:TAG</c> for a bare tag, a word against the title),
/// <c>filter[from]</c>/<c>filter[to]</c> (epoch ms or ISO 8601), <c>sort</c> (<c>timestamp</c> or <c>-timestamp</c>),
/// <c>page[limit]</c> (at most 1000) and <c>page[cursor]</c>; answers <c>{data:[{id, type:"event", attributes:{attributes:{…},
/// message, tags, timestamp}}], links:{next}?, meta:{page:{after}?, elapsed, request_id, status, warnings}}</c>.
/// </summary>
internal sealed partial class FakeDatadogServer
{
    /// <summary>The organization's events (any kind); tests add deploy events and others around them.</summary>
    public ConcurrentQueue<FakeEvent> Events { get; } = new();

    /// <summary>Events per page at most, whatever <c>page[limit]</c> asks, so paging is exercised.</summary>
    public int EventPageSize { get; set; } = 1000;

    private FakeDatadogAnswer ListEvents(IQueryCollection query)
    {
        var from = EventTime(query["filter[from]"].ToString(), "filter[from]");
        var to = EventTime(query["filter[to]"].ToString(), "filter[to]");
        var terms = query["filter[query]"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sort = query["sort"].ToString();
        if (sort is not ("" or "timestamp" or "-timestamp"))
            throw new FakeBadRequest($"Invalid sort '{sort}'; expected timestamp or -timestamp");
        var limit = query["page[limit]"].Count == 0 ? 10 : int.Parse(query["page[limit]"]!, CultureInfo.InvariantCulture);
        if (limit is < 1 or > 1000)
            throw new FakeBadRequest("page[limit] must be between 1 and 1000");
        var offset = query["page[cursor]"].Count == 0 ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(query["page[cursor]"]!)), CultureInfo.InvariantCulture);

        var matching = Events.Where(e => e.At >= from && e.At < to && terms.All(t => Matches(e, t)));
        matching = sort == "timestamp" ? matching.OrderBy(e => e.At) : matching.OrderByDescending(e => e.At);
        var all = matching.ToList();
        var size = Math.Min(limit, EventPageSize);
        var page = all.Skip(offset).Take(size).ToList();
        var after = offset + size < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture))) : null;

        var data = page.Select(e => new
        {
            id = e.Id,
            type = "event",
            attributes = new
            {
                attributes = new
                {
                    evt = new { id = e.Id, source_id = 1, type = "change" },
                    service = e.Tags.Where(t => t.StartsWith("service:", StringComparison.Ordinal)).Select(t => t[8..]).FirstOrDefault(),
                    status = "info",
                    timestamp = e.At.ToUnixTimeMilliseconds(),
                    title = e.Title,
                },
                message = e.Title,
                tags = e.Tags,
                timestamp = e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            },
        });
        object body = after is null
            ? new { data, meta = new { elapsed = 3, request_id = "fake", status = "done", warnings = Array.Empty<object>() } }
            : new { data, links = new { next = $"{BaseUrl}api/v2/events?page[cursor]={after}" }, meta = new { page = new { after }, elapsed = 3, request_id = "fake", status = "done", warnings = Array.Empty<object>() } };
        return FakeDatadogAnswer.Json(JsonSerializer.Serialize(body));
    }

    private static bool Matches(FakeEvent e, string term) =>
        term.StartsWith("tags:", StringComparison.Ordinal) ? e.Tags.Contains(term[5..]) :
        term.Contains(':', StringComparison.Ordinal) ? e.Tags.Contains(term) :
        e.Title.Contains(term, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset EventTime(string text, string name)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return t;
        throw new FakeBadRequest($"Invalid {name} '{text}'");
    }
}

/// <summary>An event in the fake organization: its time, title and tags (<c>env:prod</c>, <c>service:api</c>, <c>deployment</c>, …).</summary>
internal sealed record FakeEvent(string Id, DateTimeOffset At, string Title, IReadOnlyList<string> Tags);
