using System.Text;
using System.Text.RegularExpressions;
using OpsReport.Core.Text;

namespace OpsReport.Core.Tests.Text;

public sealed class TextCatalogTests
{
    [Fact]
    public void Catalogs_BothLanguages_HoldTheSameKeys()
    {
        var en = TextCatalog.Keys("en").ToHashSet(StringComparer.Ordinal);
        var ja = TextCatalog.Keys("ja").ToHashSet(StringComparer.Ordinal);

        Assert.True(en.Count > 300, $"only {en.Count} keys in catalog.en.json");
        Assert.Empty(en.Except(ja).Order(StringComparer.Ordinal));
        Assert.Empty(ja.Except(en).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Catalogs_EveryKey_HasTheSameFormatItemsAndNoEmptyText()
    {
        var wrong = new List<string>();
        foreach (var key in TextCatalog.Keys("en"))
        {
            var en = TextCatalog.Get("en", key);
            var ja = TextCatalog.Get("ja", key);
            if (string.IsNullOrWhiteSpace(en) || string.IsNullOrWhiteSpace(ja))
                wrong.Add($"{key}: empty");
            else if (FormatItems(en) != FormatItems(ja))
                wrong.Add($"{key}: en has {FormatItems(en)}, ja has {FormatItems(ja)}");
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Catalogs_EveryTemplate_FormatsWithItsItems()
    {
        foreach (var language in TextCatalog.Languages)
        {
            foreach (var key in TextCatalog.Keys(language))
            {
                var args = Enumerable.Range(0, 10).Select(i => (object)$"<{i}>").ToArray();
                var text = TextCatalog.Format(language, key, args);
                Assert.DoesNotContain("{", Regex.Replace(text, @"\{\{|\}\}", ""), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Catalogs_JapaneseCatalog_IsWrittenInJapanese()
    {
        // A key copied to catalog.ja.json without translating it: English words and no kana or kanji at all.
        var untranslated = TextCatalog.Keys("ja")
            .Where(k => !Regex.IsMatch(TextCatalog.Get("ja", k), @"[\u3040-\u30ff\u4e00-\u9fff]")
                && Regex.IsMatch(TextCatalog.Get("ja", k), @"[a-z]{3,}\s+[a-z]{3,}"))
            .ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Get_UnknownKey_NamesTheKeyAndTheCatalog()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => TextCatalog.Get("ja", "no.such.key"));

        Assert.Contains("catalog.ja.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'no.such.key'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_UnknownLanguage_ReadsEnglish()
    {
        Assert.Equal(TextCatalog.Get("en", "nav.overview"), TextCatalog.Get("fr", "nav.overview"));
        Assert.NotEqual(TextCatalog.Get("en", "nav.overview"), TextCatalog.Get("ja", "nav.overview"));
        Assert.Equal("ja-JP", TextCatalog.Culture("ja").Name);
    }

    [Fact]
    public void Parse_DuplicateKey_NamesTheFileAndTheKey()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("""{ "a.b": "one", "a.b": "two" }"""));

        var error = Assert.Throws<InvalidDataException>(() => TextCatalog.Parse(json, "catalog.xx.json"));

        Assert.Equal("catalog.xx.json: key 'a.b' appears twice.", error.Message);
    }

    [Fact]
    public void Parse_NonStringValue_NamesTheKey()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("""{ "a.n": 3 }"""));

        var error = Assert.Throws<InvalidDataException>(() => TextCatalog.Parse(json, "catalog.xx.json"));

        Assert.Equal("catalog.xx.json: key 'a.n' must be a string.", error.Message);
    }

    // The set of items a template takes ({0}, {1:N0}): both languages must take the same ones, in any order.
    private static string FormatItems(string text) =>
        string.Join(",", Regex.Matches(Regex.Replace(text, @"\{\{|\}\}", ""), @"\{(\d+)[^}]*\}").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));
}
