using System.Reflection;
using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>One small file per issue code that produces it, and a check that no code is left
/// without one. Every issue must carry a Swedish and an English message.</summary>
public class EveryCodeTests
{
    private static readonly TableSchema Keyless = Schema(
        Field("id"), Field("n", FieldType.Integer, constraints: new FieldConstraints { Maximum = 10 }), Field("t", aliases: "old_t"));

    private static readonly TableSchema Keyed = new()
    {
        Fields = [Field("id", constraints: new FieldConstraints { Required = true, Unique = true }), Field("k"), Field("text")],
        PrimaryKey = ["k", "text"],
    };

    private static readonly TableSchema Shaped = Schema(Field("id"), Field("geometry", FieldType.Geometry));

    private static readonly TableSchema Located = new()
    {
        Fields = [Field("latitude", FieldType.Number), Field("longitude", FieldType.Number)],
        Geometry = new GeometryMapping("latitude", "longitude"),
    };

    public static TheoryData<string, string, string> Scenarios => new()
    {
        { IssueCodes.BlankLabel, "keyless", "id,n,t,\n1,2,x,\n" },
        { IssueCodes.DuplicateLabel, "keyless", "id,n,t,n\n1,2,x,3\n" },
        { IssueCodes.IncorrectLabel, "keyless", "id,n,old_t\n1,2,x\n" },
        { IssueCodes.MissingLabel, "keyless", "id,n\n1,2\n" },
        { IssueCodes.ExtraLabel, "keyless", "id,n,t,colour\n1,2,x,red\n" },
        { IssueCodes.ExtraCell, "keyless", "id,n,t\n1,2,x,surplus\n" },
        { IssueCodes.MissingCell, "keyless", "id,n,t\n1,2\n" },
        { IssueCodes.BlankRow, "keyless", "id,n,t\n1,2,x\n,,\n3,4,y\n" },
        { IssueCodes.DuplicateRow, "keyless", "id,n,t\n1,2,x\n1,2,x\n3,4,y\n" },
        { IssueCodes.TypeError, "keyless", "id,n,t\n1,two,x\n" },
        { IssueCodes.ConstraintError, "keyless", "id,n,t\n1,11,x\n" },
        { IssueCodes.UniqueError, "keyed", "id,k,text\n1,a,x\n1,b,y\n2,c,z\n" },
        { IssueCodes.PrimaryKey, "keyed", "id,k,text\n1,a,x\n2,a,x\n3,c,z\n" },
        { IssueCodes.EncodingError, "keyless", "utf8-then-latin1" },
        { IssueCodes.MixedEncoding, "keyless", "utf8-then-latin1" },
        { IssueCodes.SourceError, "keyless", "huge-line" },
        { IssueCodes.FormatError, "keyless", "zip" },
        { IssueCodes.EmptyFile, "keyless", "" },
        { IssueCodes.NoRows, "keyless", "id,n,t\n" },
        { IssueCodes.TooManyInvalidRows, "keyless", "id,n,t\n1,a,x\n2,b,y\n" },
        { IssueCodes.PersonalData, "keyless", "id,n,t\n1,2,19121212-1212\n" },
        { IssueCodes.ValueNormalised, "located", "latitude,longitude\n\"58,7\",\"13,7\"\n" },
        { IssueCodes.MisplacedDelimiter, "keyless", "id,n,t\n1,2,Sjön, stranden\n" },
        { IssueCodes.MalformedQuotes, "keyless", "id,n,t\n1,2,\"x\"y\n" },
        { IssueCodes.CoordinatesConverted, "located", "latitude,longitude\n6164061.848,374031.174\n" },
        { IssueCodes.CoordinatesSwapped, "located", "latitude,longitude\n13.7,58.7\n" },
        { IssueCodes.CoordinatesOutsideSweden, "located", "latitude,longitude\n48.85,2.35\n" },
        { IssueCodes.InvalidGeometry, "shaped", "id,geometry\n1,\"POLYGON ((16 56, 16.1 56.1, 16.1 56, 16 56.1, 16 56))\"\n" },
        { IssueCodes.GeometryRepaired, "shaped", "id,geometry\n1,\"POLYGON ((16 56, 16.1 56, 16.1 56.1, 16 56.1))\"\n" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Each_code_is_produced_with_messages_in_both_languages(string code, string schemaName, string input)
    {
        var schema = schemaName switch { "keyed" => Keyed, "located" => Located, "shaped" => Shaped, _ => Keyless };
        var report = await Run(input, schema);
        var issue = report.Errors.FirstOrDefault(e => e.Code == code);
        Assert.True(issue is not null, $"{code} not reported; got {string.Join(", ", report.Totals.Keys)}");
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        Assert.False(string.IsNullOrWhiteSpace(issue.MessageEn));
        Assert.NotEqual(issue.Message, issue.MessageEn);
        Assert.True(report.Totals[code] >= 1);
    }

    [Fact]
    public void Every_issue_code_has_a_scenario()
    {
        var codes = typeof(IssueCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);
        var covered = Scenarios.Select(row => (string)row[0]).ToHashSet();
        // unknown-specification and scheme-error come from the API/CLI layers (tested there).
        var elsewhere = new[] { IssueCodes.UnknownSpecification };
        Assert.Empty(codes.Except(covered).Except(elsewhere));
    }

    /// <summary>Reads the input as the harvest would; a source that cannot be opened gives the
    /// one-issue report the callers build from the exception.</summary>
    private static async Task<ValidationReport> Run(string input, TableSchema schema)
    {
        Stream stream = input switch
        {
            "utf8-then-latin1" => new MemoryStream(Encoding.UTF8.GetBytes("id,n,t\n" + string.Concat(Enumerable.Range(1, 7000).Select(i => $"{i},1,Sjön\n")))
                .ToArray().Concat("9999,1,Sj"u8.ToArray()).Append((byte)0xF6).Append((byte)'\n').ToArray()),
            "huge-line" => new MemoryStream(Encoding.ASCII.GetBytes("id,n,t\n1,2," + new string('x', 200_000) + "\n")),
            "zip" => new MemoryStream([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]),
            _ => Utf8(input),
        };
        try
        {
            await using var source = await CsvTabularSource.OpenAsync(stream, new CsvReadOptions { MaxRecordLength = 100_000 });
            return await new TableValidator().ValidateAsync(source, schema, new ListSink());
        }
        catch (TabularReadException e)
        {
            return ValidationReport.Unreadable(e);
        }
    }
}
