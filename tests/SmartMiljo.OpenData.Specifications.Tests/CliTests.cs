using SmartMiljo.OpenData.Cli;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["validate", .. args, "--specs", TestFiles.SpecsDirectory], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_publishable_file_exits_0_with_a_summary_table()
    {
        var (exit, output, _) = await Run(TestFiles.Sample("mariestad_1493_badplatser.csv"), "--spec", "badplatser", "--lang", "en");
        Assert.Equal(CliApp.ExitOk, exit);
        Assert.Contains("publishable with warnings", output);
        Assert.Contains("misplaced-delimiter", output);
        Assert.Matches(@"Rows\s+1 read, 1 valid, 0 invalid", output);
    }

    [Fact]
    public async Task An_invalid_file_exits_1_and_json_output_is_the_report()
    {
        var (exit, output, _) = await Run(TestFiles.Sample("harryda_1401_badplatser_utf8bom.csv"), "--spec", "badplatser", "--format", "json");
        Assert.Equal(CliApp.ExitInvalid, exit);
        var report = ValidationReport.FromJson(output);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Equal(9, report.RowsInvalid);
    }

    [Fact]
    public async Task The_text_table_is_in_swedish_by_default()
    {
        var (exit, output, _) = await Run(TestFiles.Sample("harryda_1401_badplatser_utf8bom.csv"), "--spec", "badplatser");
        Assert.Equal(CliApp.ExitInvalid, exit);
        Assert.Contains("STOPPAD", output);
        Assert.Contains("\"place_id\" är tom men måste fyllas i", output);
    }

    [Fact]
    public async Task Unreadable_input_exits_2_with_a_message_and_no_stack_trace()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var (exit, _, error) = await Run(empty, "--spec", "badplatser");
            Assert.Equal(CliApp.ExitUnreadable, exit);
            Assert.Contains("tom", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally { File.Delete(empty); }

        var missing = await Run("/no/such/file.csv", "--spec", "badplatser");
        Assert.Equal(CliApp.ExitUnreadable, missing.Exit);
        Assert.Contains("finns inte", missing.Err);
    }

    [Fact]
    public async Task Unknown_spec_and_bad_arguments_exit_2()
    {
        var unknown = await Run(TestFiles.Sample("mariestad_1493_badplatser.csv"), "--spec", "nope");
        Assert.Equal(CliApp.ExitUnreadable, unknown.Exit);
        Assert.Contains("badplatser", unknown.Err); // lists the known ones
        var version = await Run(TestFiles.Sample("mariestad_1493_badplatser.csv"), "--spec", "badplatser", "--version", "5");
        Assert.Contains("0.9, 1.0", version.Err);
        Assert.Equal(CliApp.ExitUnreadable, (await Run("x.csv")).Exit);
        Assert.Equal(CliApp.ExitUnreadable, await CliApp.RunAsync(["frobnicate"], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task Lists_the_specifications()
    {
        var (exit, output, _) = await Run("--list");
        Assert.Equal(CliApp.ExitOk, exit);
        Assert.Contains("leverantorsreskontra", output);
    }
}
