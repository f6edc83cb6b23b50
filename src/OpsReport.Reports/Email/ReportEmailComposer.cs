using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;

namespace OpsReport.Reports.Email;

/// <summary>
/// Builds the report email: subject, an HTML body (inline styles only, no scripts or SVG, which mail clients strip) and a
/// plain-text alternative with the headline numbers, and the PDF attached, or linked when it is too large to attach.
/// </summary>
public sealed class ReportEmailComposer(IOptions<OpsReportOptions> options)
{
    private const int MaxWarnings = 8;

    /// <summary>The message for <paramref name="to"/> (default <c>OpsReport:Email:To</c>) and <paramref name="cc"/>.</summary>
    public MimeMessage Compose(ReportDocument document, byte[] pdf, IReadOnlyList<string>? to = null, IReadOnlyList<string>? cc = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(pdf);
        var email = options.Value.Email;
        var text = ReportText.For(document.Language);
        var attach = pdf.LongLength <= email.MaxAttachmentBytes;

        var message = new MimeMessage { Subject = Subject(document) };
        message.From.Add(MailboxAddress.Parse(email.From));
        message.To.AddRange((to ?? email.To).Select(MailboxAddress.Parse));
        message.Cc.AddRange((cc ?? []).Select(MailboxAddress.Parse));

        // Plain text first, HTML last: clients show the last alternative they understand.
        var body = new MultipartAlternative
        {
            TextPart("plain", PlainText(document, text, attach, pdf.LongLength)),
            TextPart("html", Html(document, text, attach, pdf.LongLength)),
        };
        if (!attach)
        {
            message.Body = body;
            return message;
        }
        var attachment = new MimePart("application", "pdf")
        {
            Content = new MimeContent(new MemoryStream(pdf, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { Size = pdf.LongLength },
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = AttachmentName(document),
        };
        message.Body = new Multipart("mixed") { body, attachment };
        return message;
    }

    /// <summary>
    /// <c>[OpsReport] &lt;product&gt; &lt;env&gt; — week of &lt;Monday&gt;</c> (a day: the date; a range: first to last), the
    /// tenant for a tenant's report, and "(incomplete data)" whenever the cover lists missing data, so nobody forwards
    /// partial numbers unawares.
    /// </summary>
    public static string Subject(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = ReportText.For(document.Language);
        var first = document.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var when = document.Period.Kind switch
        {
            ReportPeriodKind.Week => ReportText.Format(text.SubjectWeekFormat, first),
            ReportPeriodKind.Day => first,
            _ => ReportText.Format(text.SubjectRangeFormat, first, document.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        return $"[OpsReport] {document.Product} {document.Environment.Name} — {when}"
            + (document.Tenant is { } t ? " — " + t.DisplayName : "")
            + (document.IsIncomplete || document.IsPartial ? text.SubjectIncomplete : "");
    }

    /// <summary><c>opsreport-prod-2026-W47.pdf</c> (with the tenant id appended for a tenant's report).</summary>
    public static string AttachmentName(ReportDocument document) =>
        "opsreport-" + Slug(document.Environment.Name) + "-" + document.Period.Name + (document.Tenant is { } t ? "-" + Slug(t.Id) : "") + ".pdf";

    public string DashboardUrl(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // A tenant's report is forwarded to the tenant: it links to that tenant's page, never the environment's overview
        // (which shows cost, services and the other tenants).
        var page = document.Tenant is { } t ? "/tenants/" + Uri.EscapeDataString(t.Id) : "/";
        return BaseUrl() + page + "?env=" + Uri.EscapeDataString(document.Environment.Name) + "&range=" + (document.Period.Kind == ReportPeriodKind.Day ? "24h" : "7d");
    }

    public string PdfUrl(ReportDocument document) =>
        BaseUrl() + "/reports/" + Uri.EscapeDataString(document.ReportName) + ".pdf?env=" + Uri.EscapeDataString(document.Environment.Name)
        + "&period=" + document.Period.Name + (document.Tenant is { } t ? "&tenant=" + Uri.EscapeDataString(t.Id) : "");

    private string PlainText(ReportDocument document, ReportText text, bool attached, long size)
    {
        // The heading, not the subject again: the mail client shows the subject right above the body.
        var sb = new StringBuilder();
        sb.AppendLine(document.Title);
        sb.AppendLine(EnvironmentLine(document, text));
        sb.AppendLine(Intro(document, text));
        foreach (var warning in Warnings(document, text))
            sb.AppendLine("! " + warning);
        sb.AppendLine();
        if (document.Highlights.Count > 0)
        {
            sb.AppendLine(text.Highlights);
            foreach (var sentence in document.Highlights)
                sb.Append("* ").AppendLine(sentence);
            sb.AppendLine();
        }
        sb.AppendLine(text.HeadlineNumbers);
        foreach (var h in document.Headlines)
        {
            sb.Append("- ").Append(h.Label).Append(": ").Append(h.Value);
            if (h.Change is not null)
                sb.Append(" · ").Append(h.Change);
            if (h.Detail is not null)
                sb.Append(" · ").Append(h.Detail);
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.Append(text.OpenDashboard).Append(": ").AppendLine(DashboardUrl(document));
        if (attached)
        {
            sb.AppendLine(text.PdfAttached);
        }
        else
        {
            sb.AppendLine(ReportText.Format(text.PdfLinkedFormat, ValueFormat.Format(size, "bytes")));
            sb.AppendLine(PdfUrl(document));
        }
        sb.AppendLine();
        sb.Append(text.Generated).Append(' ').AppendLine(document.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + document.ZoneId);
        return sb.ToString();
    }

    private string Html(ReportDocument document, ReportText text, bool attached, long size)
    {
        // Only markup characters are escaped: WebUtility.HtmlEncode also turns × and other Latin-1 signs into numeric
        // entities, which plain-text fallbacks and search in mail clients then show literally.
        static string E(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
        var envColor = document.Environment.IsProduction ? "#c62828" : document.Environment.IsDemo ? "#9a6700" : "#0969da";
        const string Font = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,'Hiragino Sans','Yu Gothic',Meiryo,sans-serif";

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(document.Language).Append("\">\n<head><meta charset=\"utf-8\"><title>")
          .Append(E(Subject(document))).Append("</title></head>\n");
        sb.Append("<body style=\"margin:0;padding:16px;background:#f6f8fa;").Append(Font).Append(";color:#1f2328\">\n");
        sb.Append("<div style=\"max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de\">\n");
        sb.Append("<div style=\"background:").Append(envColor).Append(";color:#ffffff;padding:8px 16px;font-weight:bold;font-size:14px\">")
          .Append(E(EnvironmentLine(document, text))).Append("</div>\n");
        sb.Append("<div style=\"padding:16px\">\n");
        sb.Append("<h1 style=\"font-size:20px;margin:0 0 4px 0\">").Append(E(document.Title)).Append("</h1>\n");
        sb.Append("<p style=\"margin:0 0 12px 0;color:#59636e;font-size:13px\">").Append(E(Intro(document, text))).Append("</p>\n");
        foreach (var warning in Warnings(document, text))
            sb.Append("<p style=\"margin:0 0 8px 0;padding:6px 8px;background:#fff8c5;border:1px solid #e69f00;font-size:13px\">").Append(E(warning)).Append("</p>\n");

        if (document.Highlights.Count > 0)
        {
            sb.Append("<h2 style=\"font-size:15px;margin:16px 0 8px 0\">").Append(E(text.Highlights)).Append("</h2>\n<ul style=\"margin:0;padding-left:20px;font-size:14px;line-height:1.45\">\n");
            foreach (var sentence in document.Highlights)
                sb.Append("<li style=\"margin:0 0 6px 0\">").Append(E(sentence)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("<h2 style=\"font-size:15px;margin:16px 0 8px 0\">").Append(E(text.HeadlineNumbers)).Append("</h2>\n");
        sb.Append("<table role=\"presentation\" style=\"border-collapse:collapse;width:100%;font-size:13px\">\n");
        foreach (var h in document.Headlines)
        {
            var toneColor = h.Tone switch
            {
                CellTone.Worse => "#b42318",
                CellTone.Better => "#1a7f37",
                _ => "#59636e",
            };
            sb.Append("<tr><td style=\"padding:6px 8px;border-top:1px solid #e6e9ed;color:#59636e;vertical-align:top\">").Append(E(h.Label)).Append("</td>");
            sb.Append("<td style=\"padding:6px 8px;border-top:1px solid #e6e9ed;font-weight:bold;font-size:16px;white-space:nowrap;vertical-align:top\">").Append(E(h.Value)).Append("</td>");
            sb.Append("<td style=\"padding:6px 8px;border-top:1px solid #e6e9ed;vertical-align:top\"><span style=\"color:").Append(toneColor).Append("\">")
              .Append(E(h.Change ?? "")).Append("</span>");
            if (h.Detail is not null)
                sb.Append("<br><span style=\"color:#59636e;font-size:12px\">").Append(E(h.Detail)).Append("</span>");
            sb.Append("</td></tr>\n");
        }
        sb.Append("</table>\n");

        sb.Append("<p style=\"margin:16px 0 8px 0\"><a href=\"").Append(E(DashboardUrl(document)))
          .Append("\" style=\"display:inline-block;padding:8px 14px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:4px\">")
          .Append(E(text.OpenDashboard)).Append("</a></p>\n");
        if (attached)
        {
            sb.Append("<p style=\"margin:8px 0;font-size:13px\">").Append(E(text.PdfAttached)).Append("</p>\n");
        }
        else
        {
            sb.Append("<p style=\"margin:8px 0;font-size:13px\">").Append(E(ReportText.Format(text.PdfLinkedFormat, ValueFormat.Format(size, "bytes"))))
              .Append(" <a href=\"").Append(E(PdfUrl(document))).Append("\">").Append(E(text.DownloadPdf)).Append("</a></p>\n");
        }
        sb.Append("<p style=\"margin:16px 0 0 0;color:#8c959f;font-size:11px\">").Append(E(text.Generated)).Append(' ')
          .Append(E(document.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + document.ZoneId)).Append("</p>\n");
        sb.Append("</div>\n</div>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string EnvironmentLine(ReportDocument document, ReportText text) =>
        (document.Environment.IsProduction ? text.Production : text.NonProduction) + " · " + document.Environment.DisplayName
        + (document.Environment.IsDemo ? " · " + text.DemoData : "");

    /// <summary>What the report covers: product, environment and period. The heading above it already names the report and the tenant.</summary>
    private static string Intro(ReportDocument document, ReportText text) =>
        ReportText.Format(text.EmailIntroFormat, document.Product, document.Environment.Name, document.Period.Name,
            document.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), document.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), document.ZoneId);

    private static IEnumerable<string> Warnings(ReportDocument document, ReportText text)
    {
        if (document.IsPartial)
            yield return text.Partial;
        foreach (var warning in document.DataWarnings.Take(MaxWarnings))
            yield return text.IncompleteData + ": " + warning;
        if (document.DataWarnings.Count > MaxWarnings)
            yield return ReportText.Format(text.GapsMoreFormat, document.DataWarnings.Count - MaxWarnings);
    }

    private static TextPart TextPart(string subtype, string content)
    {
        // Mail lines end in CRLF (RFC 5322). Base64 rather than quoted-printable: Japanese text grows by a third instead of
        // tripling, and long HTML lines need no soft breaks.
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText(Encoding.UTF8, content.ReplaceLineEndings("\r\n"));
        return part;
    }

    private string BaseUrl() => options.Value.BaseUrl.TrimEnd('/');

    private static string Slug(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return sb.ToString();
    }
}
