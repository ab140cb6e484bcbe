using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// Matches the file's header to the schema's fields: exactly, then ignoring case and punctuation
/// (<c>Place ID</c> → <c>place_id</c>), then through the field's older names (<c>hov_ref</c> →
/// <c>nutskod</c>, <c>wc</c> → <c>toilet</c>). Reports blank, duplicate, extra and missing columns
/// with "did you mean" suggestions.
/// </summary>
internal sealed class HeaderBinding
{
    /// <summary>For each schema field, the column index in the file, or -1.</summary>
    public int[] FieldColumns { get; }

    /// <summary>Columns up to the last non-blank label; cells beyond it should be empty.</summary>
    public int NamedWidth { get; }

    /// <summary>File column → field, for columns read under another name.</summary>
    public Dictionary<string, string> Renamed { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Header { get; }

    /// <summary>Required fields that have no column: the file cannot be published.</summary>
    public bool MissingRequired { get; private set; }

    private HeaderBinding(IReadOnlyList<string> header, int fieldCount)
    {
        Header = header;
        FieldColumns = Enumerable.Repeat(-1, fieldCount).ToArray();
        var width = header.Count;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1])) width--;
        NamedWidth = width;
    }

    public static HeaderBinding Bind(IReadOnlyList<string> header, TableSchema schema, IssueCollector issues)
    {
        var binding = new HeaderBinding(header, schema.Fields.Count);
        var columnTaken = new bool[header.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var c = 0; c < header.Count; c++)
        {
            var label = header[c];
            if (string.IsNullOrWhiteSpace(label))
            {
                columnTaken[c] = true;
                // Trailing blank labels are a common export artefact; cells under them are checked per row.
                issues.Add(new ValidationIssue
                {
                    Code = IssueCodes.BlankLabel, Severity = IssueSeverity.Warning, ColumnNumber = c + 1,
                    Message = $"Kolumn {c + 1} saknar namn i rubrikraden.",
                    MessageEn = $"Column {c + 1} has no name in the header.",
                    Hint = c >= binding.NamedWidth ? "Ta bort de tomma kolumnerna i slutet av rubrikraden (ofta överblivna avgränsare)." : "Ge kolumnen ett namn eller ta bort den.",
                    HintEn = c >= binding.NamedWidth ? "Remove the empty columns at the end of the header (often left-over delimiters)." : "Name the column or remove it.",
                });
                continue;
            }
            if (seen.TryGetValue(label, out var first))
            {
                columnTaken[c] = true;
                issues.Add(new ValidationIssue
                {
                    Code = IssueCodes.DuplicateLabel, Severity = IssueSeverity.Error, Column = label, ColumnNumber = c + 1,
                    Message = $"Kolumnen \"{label}\" finns två gånger (kolumn {first + 1} och {c + 1}); bara den första används.",
                    MessageEn = $"Column \"{label}\" appears twice (columns {first + 1} and {c + 1}); only the first is used.",
                    Hint = "Ta bort eller byt namn på den ena kolumnen.",
                    HintEn = "Remove or rename one of the columns.",
                });
                continue;
            }
            seen[label] = c;
        }

        // Three passes, strictest first, so an exact match is never stolen by a looser one.
        BindPass(binding, schema, columnTaken, (label, field) => string.Equals(label, field.Name, StringComparison.Ordinal), null);
        BindPass(binding, schema, columnTaken, (label, field) => TableLayout.ToIdentifier(label) == TableLayout.ToIdentifier(field.Name), false);
        BindPass(binding, schema, columnTaken, (label, field) => field.Aliases.Any(a => TableLayout.ToIdentifier(a) == TableLayout.ToIdentifier(label)), true);

        foreach (var (label, fieldName) in binding.Renamed)
        {
            var field = schema.Find(fieldName)!;
            var isAlias = TableLayout.ToIdentifier(label) != TableLayout.ToIdentifier(fieldName);
            issues.Add(new ValidationIssue
            {
                Code = IssueCodes.IncorrectLabel, Severity = IssueSeverity.Warning, Column = label,
                ColumnNumber = binding.FieldColumns[schema.IndexOf(field.Name)] + 1,
                Message = isAlias
                    ? $"Kolumnen \"{label}\" läses som \"{fieldName}\" (ett äldre eller annat namn för samma uppgift)."
                    : $"Kolumnen \"{label}\" läses som \"{fieldName}\" (skrivsättet skiljer sig).",
                MessageEn = isAlias
                    ? $"Column \"{label}\" is read as \"{fieldName}\" (an older or other name for the same thing)."
                    : $"Column \"{label}\" is read as \"{fieldName}\" (spelt differently).",
                Hint = $"Byt namn på kolumnen till \"{fieldName}\" som specifikationen anger.",
                HintEn = $"Rename the column to \"{fieldName}\" as the specification says.",
            });
        }

        var missing = new List<FieldDefinition>();
        for (var f = 0; f < schema.Fields.Count; f++)
            if (binding.FieldColumns[f] < 0) missing.Add(schema.Fields[f]);
        var extra = new List<(int Column, string Label)>();
        for (var c = 0; c < header.Count; c++)
            if (!columnTaken[c]) extra.Add((c, header[c]));

        foreach (var (c, label) in extra)
        {
            var suggestion = Suggestions.Closest(label, missing.Select(m => m.Name));
            issues.Add(new ValidationIssue
            {
                Code = IssueCodes.ExtraLabel, Severity = IssueSeverity.Warning, Column = label, ColumnNumber = c + 1,
                Message = $"Kolumnen \"{label}\" finns inte i specifikationen och publiceras inte." + (suggestion is null ? "" : $" Menade du \"{suggestion}\"?"),
                MessageEn = $"Column \"{label}\" is not in the specification and is not published." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"),
                Hint = suggestion is null ? "Ta bort kolumnen eller föreslå den till specifikationen." : $"Byt namn på kolumnen till \"{suggestion}\".",
                HintEn = suggestion is null ? "Remove the column or propose it for the specification." : $"Rename the column to \"{suggestion}\".",
            });
        }

        foreach (var field in missing)
        {
            var suggestion = Suggestions.Closest(field.Name, extra.Select(e => e.Label));
            var required = field.Constraints.Required;
            if (required) binding.MissingRequired = true;
            issues.Add(new ValidationIssue
            {
                Code = IssueCodes.MissingLabel, Severity = required ? IssueSeverity.Blocking : IssueSeverity.Warning, Column = field.Name,
                Message = (required ? $"Den obligatoriska kolumnen \"{field.Name}\" saknas." : $"Kolumnen \"{field.Name}\" saknas (frivillig).")
                    + (suggestion is null ? "" : $" Filen har \"{suggestion}\" – är det samma?"),
                MessageEn = (required ? $"The required column \"{field.Name}\" is missing." : $"Column \"{field.Name}\" is missing (optional).")
                    + (suggestion is null ? "" : $" The file has \"{suggestion}\" – is it the same?"),
                Hint = suggestion is null ? $"Lägg till kolumnen \"{field.Name}\"{(field.Title is null ? "" : $" ({field.Title})")}." : $"Byt namn på \"{suggestion}\" till \"{field.Name}\".",
                HintEn = suggestion is null ? $"Add the column \"{field.Name}\"{(field.TitleEn is null ? "" : $" ({field.TitleEn})")}." : $"Rename \"{suggestion}\" to \"{field.Name}\".",
            });
        }
        return binding;
    }

    private static void BindPass(HeaderBinding binding, TableSchema schema, bool[] columnTaken, Func<string, FieldDefinition, bool> matches, bool? renamed)
    {
        for (var f = 0; f < schema.Fields.Count; f++)
        {
            if (binding.FieldColumns[f] >= 0) continue;
            for (var c = 0; c < binding.Header.Count; c++)
            {
                if (columnTaken[c] || !matches(binding.Header[c], schema.Fields[f])) continue;
                binding.FieldColumns[f] = c;
                columnTaken[c] = true;
                if (renamed is not null) binding.Renamed[binding.Header[c]] = schema.Fields[f].Name;
                break;
            }
        }
    }
}
