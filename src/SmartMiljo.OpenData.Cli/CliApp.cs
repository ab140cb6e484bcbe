namespace SmartMiljo.OpenData.Cli;

/// <summary>A command of the <c>smartmiljo</c> tool.</summary>
public interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }

    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct);
}

/// <summary>Dispatches <c>smartmiljo &lt;command&gt; ...</c>. New commands (harvest, export) are added to
/// <see cref="Commands"/>.</summary>
public static class CliApp
{
    public const int ExitOk = 0, ExitInvalid = 1, ExitUnreadable = 2;

    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new ValidateCommand(),
        new ExportCommand(),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(output);
            return args.Length == 0 ? ExitUnreadable : ExitOk;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"Okänt kommando \"{args[0]}\" / unknown command \"{args[0]}\".");
            PrintHelp(error);
            return ExitUnreadable;
        }
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(command.Usage);
            return ExitOk;
        }
        try
        {
            return await command.RunAsync(args.Skip(1).ToList(), output, error, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.WriteLine("Avbrutet / cancelled.");
            return ExitUnreadable;
        }
    }

    private static void PrintHelp(TextWriter writer)
    {
        writer.WriteLine("smartmiljo <kommando> [argument]   (smartmiljo <command> --help for details)");
        foreach (var c in Commands) writer.WriteLine($"  {c.Name,-10} {c.Summary}");
    }
}

/// <summary>Minimal option parsing: positional arguments and <c>--name value</c> pairs.</summary>
public sealed class CliArguments
{
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    public static CliArguments Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = new CliArguments();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--") || a == "--") { parsed.Positional.Add(a); continue; }
            var eq = a.IndexOf('=');
            if (eq > 0) { parsed.Options[a[2..eq]] = a[(eq + 1)..]; continue; }
            if (i + 1 >= args.Count) { error = $"{a} saknar värde / needs a value."; return parsed; }
            parsed.Options[a[2..]] = args[++i];
        }
        return parsed;
    }

    public string? this[string name] => Options.GetValueOrDefault(name);
}
