using System.Diagnostics;
using System.Text.Json;

namespace SmartMiljo.OpenData.TestSupport;

/// <summary>One message as the SMTP server received it, decoded by Python's own e-mail parser.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> Recipients, string From, string To, string Subject, string Body);

/// <summary>
/// A real SMTP server on 127.0.0.1 and a free port: Debian's aiosmtpd (package python3-aiosmtpd, started with
/// Debian's /usr/bin/python3, not a pyenv shim) writing each message it accepts to a folder as JSON, which
/// tests read. One per test class; disposing stops the process.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private const string Script = """
        import asyncio, json, os, sys, time
        from email import policy
        from email.parser import BytesParser
        from aiosmtpd.smtp import SMTP

        folder = sys.argv[1]

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
                part = message.get_body(preferencelist=("plain", "html"))
                record = {
                    "recipients": list(envelope.rcpt_tos),
                    "from": str(message.get("From", "")),
                    "to": str(message.get("To", "")),
                    "subject": str(message.get("Subject", "")),
                    "body": part.get_content() if part is not None else "",
                }
                name = os.path.join(folder, "%020d" % time.time_ns())
                with open(name + ".tmp", "w", encoding="utf-8") as f:
                    json.dump(record, f, ensure_ascii=False)
                os.rename(name + ".tmp", name + ".json")
                return "250 OK"

        loop = asyncio.new_event_loop()
        server = loop.run_until_complete(loop.create_server(lambda: SMTP(Keep(), enable_SMTPUTF8=True), "127.0.0.1", 0))
        print(server.sockets[0].getsockname()[1], flush=True)
        loop.run_forever()
        """;

    private readonly Process _process;
    private readonly TemporaryDirectory _folder;

    private LocalSmtpServer(Process process, TemporaryDirectory folder, int port) => (_process, _folder, Port) = (process, folder, port);

    public string Host => "127.0.0.1";
    public int Port { get; }

    /// <summary>The platform's settings that send its mail here.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mail:Host"] = Host,
        ["Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Sender"] = "oppnadata@region.test",
        ["Mail:SenderName"] = "Öppna data Region Test",
    };

    public static async Task<LocalSmtpServer> StartAsync()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) throw new InvalidOperationException("Debian's /usr/bin/python3 is missing (install python3-aiosmtpd).");
        var folder = new TemporaryDirectory();
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", Script, folder.Path }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var firstLine = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(firstLine, Task.Delay(TimeSpan.FromSeconds(20))) != firstLine || !int.TryParse(await firstLine, out var port))
        {
            var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer within 20 s";
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            folder.Dispose();
            throw new InvalidOperationException("The test SMTP server (aiosmtpd, package python3-aiosmtpd) did not start: " + error);
        }
        return new LocalSmtpServer(process, folder, port);
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Received() =>
        Directory.GetFiles(_folder.Path, "*.json").Order(StringComparer.Ordinal).Select(Read).ToList();

    /// <summary>Messages to this address so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> ReceivedBy(string address) =>
        Received().Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until <paramref name="count"/> messages to the address have arrived and returns the newest.</summary>
    public async Task<ReceivedMail> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mails = ReceivedBy(address);
            if (mails.Count >= count) return mails[^1];
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{count} message(s) to {address} did not arrive; received: " +
                    string.Join("; ", Received().Select(m => $"{string.Join(",", m.Recipients)} '{m.Subject}'")));
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the first message to the address that matches.</summary>
    public async Task<ReceivedMail> WaitForAsync(string address, Func<ReceivedMail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (ReceivedBy(address).FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching message to {address} arrived; received: " +
                    string.Join("; ", Received().Select(m => $"{string.Join(",", m.Recipients)} '{m.Subject}'")));
            await Task.Delay(100);
        }
    }

    private static ReceivedMail Read(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        return new ReceivedMail(
            root.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()!).ToList(),
            root.GetProperty("from").GetString()!, root.GetProperty("to").GetString()!,
            root.GetProperty("subject").GetString()!, root.GetProperty("body").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _folder.Dispose();
    }
}
