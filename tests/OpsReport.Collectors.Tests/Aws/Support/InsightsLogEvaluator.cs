using System.Globalization;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>One planted log event: its time and its (JSON-discovered) fields, as strings like Insights holds them.</summary>
internal sealed record LogEvent(DateTimeOffset Time, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Runs a Logs Insights query over planted log events the way Insights evaluates it, for what moto does not do
/// (<c>stats</c>): the pipeline <c>filter</c> → <c>fields</c> → <c>stats … by …</c>, with the arithmetic and the numeric
/// functions of the published query syntax (<c>+ - * /</c>, <c>abs ceil floor greatest least</c>, <c>ispresent</c>),
/// <c>count(*)</c>, <c>count(f)</c>, <c>sum(f)</c>, <c>pct(f, p)</c> (nearest rank) and <c>bin(1h)</c>. Missing or
/// non-numeric operands make an expression null; aggregates skip nulls and a sum of nothing is left out of the row,
/// as Insights leaves out empty fields. Values come back as strings.
/// </summary>
internal static class InsightsLogEvaluator
{
    public static IReadOnlyList<Dictionary<string, string>> Run(string query, IEnumerable<LogEvent> events)
    {
        var records = events.Select(e => new Dictionary<string, object?>(e.Fields.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)), StringComparer.Ordinal)
        {
            ["@timestamp"] = e.Time,
        }).ToList();
        foreach (var command in SplitTop(query, '|').Select(c => c.Trim()))
        {
            if (command.StartsWith("filter ", StringComparison.Ordinal))
            {
                var condition = Parse(command["filter ".Length..]);
                records = records.Where(r => condition(r) is true).ToList();
            }
            else if (command.StartsWith("fields ", StringComparison.Ordinal))
            {
                var assignments = SplitTop(command["fields ".Length..], ',').Select(Assignment).ToList();
                foreach (var r in records)
                {
                    foreach (var (name, expression) in assignments)
                        r[name] = expression(r);
                }
            }
            else if (command.StartsWith("stats ", StringComparison.Ordinal))
            {
                return Stats(command["stats ".Length..], records);
            }
            else
            {
                throw new NotSupportedException($"The test evaluator does not run '{command}'.");
            }
        }
        throw new NotSupportedException("Only stats queries are evaluated.");
    }

    private static List<Dictionary<string, string>> Stats(string text, List<Dictionary<string, object?>> records)
    {
        var at = text.LastIndexOf(" by ", StringComparison.Ordinal);
        var aggregates = SplitTop(text[..at], ',').Select(a =>
        {
            var parts = a.Trim().Split(" as ", StringSplitOptions.TrimEntries);
            var call = parts[0];
            var open = call.IndexOf('(', StringComparison.Ordinal);
            var args = SplitTop(call[(open + 1)..^1], ',').Select(x => x.Trim()).ToList();
            return (Name: parts[1], Function: call[..open], Args: args);
        }).ToList();
        var groups = SplitTop(text[(at + 4)..], ',').Select(g => g.Trim()).ToList();
        var rows = new List<Dictionary<string, string>>();
        foreach (var group in records.GroupBy(r => string.Join("\u0001", groups.Select(g => GroupValue(g, r) ?? "\u0002"))))
        {
            var first = group.First();
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var g in groups)
            {
                if (GroupValue(g, first) is { } value)
                    row[g.Trim('`')] = value;
            }
            foreach (var (name, function, args) in aggregates)
            {
                double? result = function switch
                {
                    "count" when args[0] == "*" => group.Count(),
                    "count" => group.Count(r => Parse(args[0])(r) is not null),
                    "sum" => Sum(group.Select(r => Number(Parse(args[0])(r)))),
                    "pct" => Percentile(group.Select(r => Number(Parse(args[0])(r))), double.Parse(args[1], CultureInfo.InvariantCulture)),
                    _ => throw new NotSupportedException($"The test evaluator has no aggregate '{function}'."),
                };
                if (result is { } v)
                    row[name] = v.ToString("R", CultureInfo.InvariantCulture);
            }
            rows.Add(row);
        }
        return rows;
    }

    private static string? GroupValue(string group, Dictionary<string, object?> record)
    {
        if (group == "bin(1h)")
        {
            var time = (DateTimeOffset)record["@timestamp"]!;
            return FakeInsights.Bin(time.ToUnixTimeSeconds() / 3600 * 3600);
        }
        return Text(Parse(group)(record));
    }

    private static double? Sum(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Sum();
    }

    private static double? Percentile(IEnumerable<double?> values, double p)
    {
        var sorted = values.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }

    private static (string Name, Func<Dictionary<string, object?>, object?> Expression) Assignment(string text)
    {
        var at = text.LastIndexOf(" as ", StringComparison.Ordinal);
        return (text[(at + 4)..].Trim(), Parse(text[..at]));
    }

    private static List<string> SplitTop(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`')
                quoted = !quoted;
            else if (!quoted && c == '(')
                depth++;
            else if (!quoted && c == ')')
                depth--;
            else if (!quoted && depth == 0 && c == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    private static Func<Dictionary<string, object?>, object?> Parse(string text)
    {
        var parser = new Parser(Tokenize(text));
        var expression = parser.Or();
        if (!parser.AtEnd)
            throw new NotSupportedException($"Trailing text in '{text}'.");
        return expression;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] == '.'))
                    j++;
                tokens.Add(text[i..j]);
                i = j;
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '@')
            {
                var j = i;
                while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] is '_' or '.' or '@'))
                    j++;
                tokens.Add(text[i..j]);
                i = j;
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }
        return tokens;
    }

    private static double? Number(object? value) => value switch
    {
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed class Parser(List<string> tokens)
    {
        private int _at;

        public bool AtEnd => _at == tokens.Count;

        public Func<Dictionary<string, object?>, object?> Or()
        {
            var left = Additive();
            while (Peek() is "and" or "or")
            {
                var op = tokens[_at++];
                var (l, r) = (left, Additive());
                left = op == "and" ? rec => l(rec) is true && r(rec) is true : rec => l(rec) is true || r(rec) is true;
            }
            return left;
        }

        private Func<Dictionary<string, object?>, object?> Additive()
        {
            var left = Multiplicative();
            while (Peek() is "+" or "-")
            {
                var op = tokens[_at++];
                var (l, r) = (left, Multiplicative());
                left = rec => Number(l(rec)) is { } a && Number(r(rec)) is { } b ? (op == "+" ? a + b : a - b) : null;
            }
            return left;
        }

        private Func<Dictionary<string, object?>, object?> Multiplicative()
        {
            var left = Unary();
            while (Peek() is "*" or "/")
            {
                var op = tokens[_at++];
                var (l, r) = (left, Unary());
                left = rec => Number(l(rec)) is { } a && Number(r(rec)) is { } b ? (op == "*" ? a * b : a / b) : null;
            }
            return left;
        }

        private Func<Dictionary<string, object?>, object?> Unary()
        {
            if (Peek() == "-")
            {
                _at++;
                var operand = Unary();
                return rec => Number(operand(rec)) is { } v ? -v : null;
            }
            return Primary();
        }

        private Func<Dictionary<string, object?>, object?> Primary()
        {
            var token = tokens[_at++];
            if (token == "(")
            {
                var inner = Or();
                Expect(")");
                return inner;
            }
            if (char.IsAsciiDigit(token[0]))
            {
                var value = double.Parse(token, CultureInfo.InvariantCulture);
                return _ => value;
            }
            if (Peek() == "(")
            {
                _at++;
                var args = new List<Func<Dictionary<string, object?>, object?>>();
                while (Peek() != ")")
                {
                    args.Add(Or());
                    if (Peek() == ",")
                        _at++;
                }
                Expect(")");
                return Call(token, args);
            }
            var name = token.Trim('`');
            return rec => rec.GetValueOrDefault(name);
        }

        private static Func<Dictionary<string, object?>, object?> Call(string function, List<Func<Dictionary<string, object?>, object?>> args)
        {
            object? Numeric(Dictionary<string, object?> rec, Func<double[], double> f)
            {
                var values = args.Select(a => Number(a(rec))).ToList();
                return values.All(v => v is not null) ? f([.. values.Select(v => v!.Value)]) : null;
            }
            return function switch
            {
                "ispresent" => rec => args[0](rec) is not null,
                "abs" => rec => Numeric(rec, v => Math.Abs(v[0])),
                "ceil" => rec => Numeric(rec, v => Math.Ceiling(v[0])),
                "floor" => rec => Numeric(rec, v => Math.Floor(v[0])),
                "greatest" => rec => Numeric(rec, v => v.Max()),
                "least" => rec => Numeric(rec, v => v.Min()),
                _ => throw new NotSupportedException($"The test evaluator has no function '{function}'."),
            };
        }

        private string? Peek() => _at < tokens.Count ? tokens[_at] : null;

        private void Expect(string token)
        {
            if (Peek() != token)
                throw new NotSupportedException($"Expected '{token}' at token {_at}.");
            _at++;
        }
    }
}
