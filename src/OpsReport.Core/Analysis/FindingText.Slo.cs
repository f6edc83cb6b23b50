using OpsReport.Core.Domain;
using OpsReport.Core.Slos;
using OpsReport.Core.Text;

namespace OpsReport.Core.Analysis;

// Budget-burn findings: the `slo.finding.*` keys of the catalog.
public sealed partial class FindingText
{
    private string SloSummary(Finding f)
    {
        var title = _language == "ja" ? L(f, SloBurnDetector.LabelTitleJa, L(f, SloBurnDetector.LabelTitle, f.Subject)) : L(f, SloBurnDetector.LabelTitle, f.Subject);
        var where = f.Labels.TryGetValue(Facts.LabelTenantName, out var tenant) ? S("finding.whereTenant", f.Environment, tenant) : f.Environment;
        var window = N(f, SloBurnDetector.WindowDays) is var days && days > 0 ? S("finding.window.days", Num(days, 0)) : S("finding.window.month");
        var left = Has(f, SloBurnDetector.BudgetLeft) ? N(f, SloBurnDetector.BudgetLeft) : double.NaN;
        // The budget left is the SLO's at the analysis that wrote the finding (UpdatedAt), so a report whose SLO table is
        // evaluated at another moment (the period's end) reads as two moments, not two answers.
        var budget = left <= 0 ? S("finding.spent", window) : S("finding.left", Pct(left), window, Time(f.UpdatedAt));
        var peak = Times(N(f, SloBurnDetector.PeakBurn));
        if (f.State == FindingState.Resolved && f.End is { } end)
            return S("finding.resolved", title, where, peak, Time(f.Start), Time(end), budget);
        var runsOut = Has(f, SloBurnDetector.ExhaustedAt)
            ? S("finding.runsOut", Time(DateTimeOffset.FromUnixTimeSeconds((long)N(f, SloBurnDetector.ExhaustedAt))))
            : "";
        return S("finding.open", title, where, peak, Time(f.Start), budget, runsOut);
    }

    private string SloEvidence(Finding f)
    {
        string Rate(string key) => Has(f, key) ? Times(N(f, key)) : TextCatalog.Get(_language, "slo.noData");
        var attainment = Has(f, SloBurnDetector.Attainment) ? N(f, SloBurnDetector.Attainment).ToString("P2", _culture) : TextCatalog.Get(_language, "slo.noData");
        return S("finding.evidence", Rate(SloBurnDetector.Burn1h), Rate(SloBurnDetector.Burn6h), Rate(SloBurnDetector.Burn24h), attainment,
            N(f, SloBurnDetector.Objective).ToString("P2", _culture));
    }

    private string S(string key, params object?[] args) => TextCatalog.Format(_language, "slo." + key, args);
}
