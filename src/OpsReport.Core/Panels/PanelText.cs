using OpsReport.Core.Text;

namespace OpsReport.Core.Panels;

/// <summary>The words of the stand-up panels (titles, column headers, chart labels, notes): the <c>panel.*</c> keys of the reader's catalog.</summary>
public sealed class PanelText
{
    public static readonly PanelText English = new(TextCatalog.English);

    public static readonly PanelText Japanese = new(TextCatalog.Japanese);

    private PanelText(string language) => Language = language;

    public string Language { get; }

    /// <summary>"W49 vs W48" in this language.</summary>
    public string Compared(string current, string previous) => TextCatalog.Format(Language, "common.versus", current, previous);

    public string LatencyTitle => Word("panel.latencyTitle");
    public string LatencyChart => Word("panel.latencyChart");
    public string Path => Word("panel.path");
    public string Change => Word("panel.change");
    public string Requests => Word("panel.requests");
    public string TrafficChange => Word("panel.trafficChange");
    public string NoLatency => Word("panel.noLatency");
    public string SlowTenantsTitle => Word("panel.slowTenantsTitle");
    public string SlowTenantsSubtitle => Word("panel.slowTenantsSubtitle");
    public string SlowTenantChart => Word("panel.slowTenantChart");
    public string Tenant => Word("panel.tenant");
    public string TenantP95 => Word("panel.tenantP95");
    public string OthersMedian => Word("panel.othersMedian");
    public string TimesOthers => Word("panel.timesOthers");
    public string NoTenants => Word("panel.noTenants");
    public string MemoryTitle => Word("panel.memoryTitle");
    public string MemoryChart => Word("panel.memoryChart");
    public string Service => Word("panel.service");
    public string Latest => Word("panel.latest");
    public string Peak => Word("panel.peak");
    public string NoMemory => Word("panel.noMemory");
    public string LogsTitle => Word("panel.logsTitle");
    public string LogsChart => Word("panel.logsChart");
    public string LogGroup => Word("panel.logGroup");
    public string Ingested => Word("panel.ingested");
    public string DebugShare => Word("panel.debugShare");
    public string NoLogs => Word("panel.noLogs");
    public string CostTitle => Word("panel.costTitle");
    public string CostSubtitle => Word("panel.costSubtitle");
    public string CostChart => Word("panel.costChart");
    public string ChartLastDays => Word("panel.chartLastDays");
    public string AwsService => Word("panel.awsService");
    public string Cost => Word("panel.cost");
    public string Difference => Word("panel.difference");
    public string NoCost => Word("panel.noCost");
    public string WeekBefore => Word("panel.weekBefore");
    public string NoData => Word("panel.noData");
    public string OtherTenantsP95 => Word("panel.otherTenantsP95");
    public string LatestAtFormat => Word("panel.latestAtFormat");
    public string PointsFormat => Word("panel.pointsFormat");

    /// <summary>Japanese for <c>ja</c>, English otherwise.</summary>
    public static PanelText For(string? language) => TextCatalog.Normalize(language) == TextCatalog.Japanese ? Japanese : English;

    private string Word(string key) => TextCatalog.Get(Language, key);

    /// <summary>The panel with its missing cells worded in this language (cells are built as "no data").</summary>
    public PanelData Localize(PanelData panel)
    {
        if (Language == "en")
            return panel;
        var rows = panel.Table.Rows
            .Select(row => (IReadOnlyList<PanelCell>)row.Select(c => c.Tone == CellTone.Missing ? c with { Text = NoData } : c).ToList())
            .ToList();
        return panel with { Table = panel.Table with { Rows = rows } };
    }
}
